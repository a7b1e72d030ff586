"""A network sees an agency's self-assessment only when the agency chooses to share it:
the agreed score per competency of its latest shared finished cycle, nothing else."""

from auditlog.models import LogEntry
from django.urls import reverse

from people.roles import Role
from readiness.models import AgreedAnswer, TeamMember
from readiness.services import cycle_share
from tests.clock import frozen
from tests.readiness.conftest import finished_cycle

from .conftest import person_in

pytestmark = [frozen]

URL = reverse("organisations:network-figures")


def _cycles(organisation, names):
    admin = person_in(organisation, Role.PROGRAM_ADMIN)
    team = [(person_in(organisation, Role.PEER), TeamMember.Seat.PEER)]
    return admin, [finished_cycle(admin, team, name=name, answer="yes") for name in names]


def test_an_agency_shares_a_cycle_or_the_network_sees_nothing_of_it(
    client, catalogues, org_a, org_b, network_viewer
):
    admin, (shared, private) = _cycles(org_a, ["Shared round", "Private round"])
    AgreedAnswer.objects.filter(cycle=shared, question__domain__code="A.9").update(answer="no")
    _, (other,) = _cycles(org_b, ["Org B round"])
    client.force_login(network_viewer)
    body = client.get(URL).content.decode()
    assert "No agency has shared a self-assessment yet." in body
    for name in ("Shared round", "Private round", "Org B round"):
        assert name not in body

    # Through the cycle page, as the program admin does it; the choice is audited.
    client.force_login(admin)
    client.post(reverse("readiness:cycle-share", args=[shared.pk]), {"share": "yes"})
    shared.refresh_from_db()
    assert shared.shared_with_network
    entry = LogEntry.objects.get_for_object(shared).order_by("-pk").first()
    assert "shared_with_network" in entry.changes_dict

    client.force_login(network_viewer)
    figures = client.get(URL).context["figures"]
    [(name, cycle)] = figures.readiness
    assert (name, cycle.name) == (org_a.name, "Shared round")
    scores = {code: score for code, _, score in cycle.scores}
    assert scores["A.9"] == 0 and scores["A.1"] == 100
    body = client.get(URL).content.decode()
    assert "Private round" not in body and "Org B round" not in body
    # Aggregate only: no person of the team, no note.
    member = shared.team.get().person
    assert member.last_name not in body and admin.last_name not in body

    cycle_share(cycle=shared, share=False, by=admin)
    body = client.get(URL).content.decode()
    assert "Shared round" not in body


def test_only_a_program_admin_of_the_agency_chooses(client, catalogues, org_a, org_b):
    admin, (cycle,) = _cycles(org_a, ["Round"])
    url = reverse("readiness:cycle-share", args=[cycle.pk])
    client.force_login(person_in(org_a, Role.SUPERVISOR))
    assert client.post(url, {"share": "yes"}).status_code == 403
    client.force_login(person_in(org_b, Role.PROGRAM_ADMIN))
    assert client.post(url, {"share": "yes"}).status_code == 404
    cycle.refresh_from_db()
    assert not cycle.shared_with_network


def test_the_network_page_costs_the_same_with_one_shared_cycle_or_three(
    client, catalogues, org_a, org_b, network, network_viewer
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import OrganisationFactory

    client.force_login(network_viewer)
    counts = []
    for organisation in (org_a, org_b, OrganisationFactory(network=network)):
        admin, (cycle,) = _cycles(organisation, [f"{organisation.name} round"])
        cycle_share(cycle=cycle, share=True, by=admin)
        with CaptureQueriesContext(connection) as ctx:
            figures = client.get(URL).context["figures"]
        counts.append(len(ctx.captured_queries))
    assert len(figures.readiness) == 3
    assert counts[0] == counts[2], counts
