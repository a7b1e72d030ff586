"""The network page: aggregates for a network's viewers, and nothing else for them."""

from django.urls import reverse

from people.roles import Role

from .conftest import no_scope, person_in

URL = reverse("organisations:network-figures")


def test_a_network_viewer_sees_the_networks_figures(client, org_a, org_b, network_viewer):
    for _ in range(5):
        person_in(org_a, Role.PEER)
    client.force_login(network_viewer)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert org_a.name in body and org_b.name in body
    assert response.context["figures"].people == 5


def test_the_figures_name_no_one(client, org_a, network_viewer):
    people = [person_in(org_a, Role.PEER) for _ in range(6)]
    client.force_login(network_viewer)
    body = client.get(URL).content.decode()
    for person in people:
        assert person.last_name not in body


def test_agency_staff_get_403(client, org_a):
    for role in (Role.PEER, Role.SUPERVISOR, Role.HR, Role.PROGRAM_ADMIN):
        client.force_login(person_in(org_a, role))
        assert client.get(URL).status_code == 403


def test_a_network_viewer_sees_no_ones_records(client, org_a, network_viewer):
    peer = person_in(org_a, Role.PEER)
    client.force_login(network_viewer)
    assert client.get(reverse("people:person-detail", kwargs={"pk": peer.pk})).status_code in (
        403,
        404,
    )
    assert (
        client.get(reverse("trainings:transcript", kwargs={"user_pk": peer.pk})).status_code == 404
    )
    body = client.get(reverse("people:person-list")).content.decode()
    assert peer.last_name not in body


def test_page_queries_do_not_grow_with_people(client, org_a, org_b, network_viewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(network_viewer)
    client.get(URL)

    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(6):
        person_in(org_a, Role.PEER)
        person_in(org_b, Role.PEER)
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)


def test_the_audit_trail_shows_each_organisation_its_own_entries(client, org_a, org_b):
    from audit.services import audit_access
    from organisations.scoping import organisation_scope

    ana = person_in(org_a, Role.PEER, job_title="Peer A")
    bo = person_in(org_b, Role.PEER)
    with no_scope(), organisation_scope(org_a):
        audit_access(instance=ana, detail="Seen in agency A")
    with no_scope(), organisation_scope(org_b):
        audit_access(instance=bo, detail="Seen in agency B")
    client.force_login(person_in(org_b, Role.PROGRAM_ADMIN))
    page = client.get(reverse("audit:logentry-list")).content.decode()
    assert "Seen in agency B" in page and "Seen in agency A" not in page
    client.force_login(person_in(org_a, Role.PROGRAM_ADMIN))
    page = client.get(reverse("audit:logentry-list")).content.decode()
    assert "Seen in agency A" in page and "Seen in agency B" not in page
