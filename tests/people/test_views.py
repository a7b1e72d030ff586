import pytest
from django.urls import reverse

from people.roles import Role

pytestmark = pytest.mark.django_db


def test_navigation_shows_only_what_the_role_may_use(client, peer, admin_user):
    # Links, not bare paths: the session keep-alive form posts under /people/ on every page.
    def link(name):
        return f'href="{reverse(name)}"'

    client.force_login(peer)
    body = client.get(reverse("home")).content.decode()
    assert link("competencies:import-create") not in body
    assert link("people:person-list") not in body
    client.force_login(admin_user)
    body = client.get(reverse("home")).content.decode()
    assert link("competencies:import-create") in body
    assert link("people:person-list") in body


def test_supervisor_sees_their_team_only(client, supervisor, other_supervisor, make_person):
    mine = make_person(Role.PEER, supervisor=supervisor)
    theirs = make_person(Role.PEER, supervisor=other_supervisor)
    client.force_login(supervisor)
    response = client.get(reverse("people:person-list"))
    shown = {p.user_id for p in response.context["page"]}
    assert mine.pk in shown and theirs.pk not in shown
    assert client.get(reverse("people:person-detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("people:person-detail", args=[mine.pk])).status_code == 200


def test_peer_sees_own_profile_only(client, peer, make_person):
    other = make_person(Role.PEER)
    client.force_login(peer)
    assert client.get(reverse("people:person-detail", args=[peer.pk])).status_code == 200
    assert client.get(reverse("people:person-detail", args=[other.pk])).status_code == 404


@pytest.mark.parametrize("rows", [1, 50])
def test_people_list_query_count_is_flat(
    client, hr_user, make_person, rows, django_assert_num_queries
):
    for _ in range(rows - 1):
        make_person(Role.PEER)
    client.force_login(hr_user)
    # session + user, permission checks (roles only, cached after the first), count, page,
    # groups prefetch
    with django_assert_num_queries(6):
        response = client.get(reverse("people:person-list"))
    assert len(response.context["page"]) == rows
