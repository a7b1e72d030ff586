"""HR's board filters by a searched supervisor, so the page does not grow with the agency."""

import re

import pytest
from django.urls import reverse

from onboarding.models import Onboarding
from people.models import Program, User
from people.roles import Role
from tests.clock import frozen
from tests.factories import UserFactory

pytestmark = [frozen, pytest.mark.django_db]

BOARD = reverse("onboarding:onboarding-board")
SEARCH = reverse("onboarding:supervisor-search")


def _supervisors(make_person, count, **names):
    """``count`` supervisors in one program (each person's own would grow the program list)."""
    program = Program.objects.first()
    people = [make_person(Role.SUPERVISOR, program=program) for _ in range(count)]
    User.objects.filter(pk__in=[p.pk for p in people]).update(**names)
    return people


def test_the_board_is_the_same_size_with_200_more_supervisors(
    client, start_onboarding, hr_user, make_person
):
    start_onboarding()
    client.force_login(hr_user)
    before = client.get(BOARD).content
    _supervisors(make_person, 200)
    after = client.get(BOARD).content
    assert len(after) == len(before)


def test_the_supervisor_filter_is_a_labelled_search_backed_by_suggestions(
    client, start_onboarding, hr_user
):
    start_onboarding()
    client.force_login(hr_user)
    html = client.get(BOARD).content.decode()
    assert re.search(
        r'<label\s+for="id_supervisor" class="form-label">\s*Supervisor\s*</label>', html
    )
    assert 'aria-describedby="id_supervisor_helptext"' in html
    assert 'type="search" name="supervisor"' in html
    assert 'list="supervisor-options"' in html
    assert f'hx-get="{SEARCH}"' in html
    assert '<datalist id="supervisor-options"></datalist>' in html
    assert "<option" not in html.split('id="id_supervisor"')[1].split("</datalist>")[0]


def test_a_typed_name_or_an_id_filters_the_board_without_script(
    client, start_onboarding, hr_user, supervisor, make_person
):
    other = make_person(Role.SUPERVISOR)
    other.first_name, other.last_name = "Robin", "Okafor"
    other.save()
    mine = start_onboarding(make_person(Role.PEER))
    theirs = start_onboarding(make_person(Role.PEER))
    Onboarding.objects.filter(pk=theirs.pk).update(supervisor=other)
    client.force_login(hr_user)

    def shown(query):
        return {o.pk for o in client.get(BOARD, {"supervisor": query}).context["page"]}

    assert shown("") == {mine.pk, theirs.pk}
    assert shown("okafor") == {theirs.pk}
    assert shown("  Robin OKAFOR ") == {theirs.pk}
    assert shown(str(supervisor.pk)) == {mine.pk}
    assert shown("Robin Nobody") == set()
    assert shown("9" * 40) == set()
    assert shown("²") == set()


def test_the_search_suggests_matching_supervisors_for_hr(client, hr_user, make_person):
    robin = make_person(Role.SUPERVISOR)
    robin.first_name, robin.last_name = "Robin", "Okafor"
    robin.save()
    peer = make_person(Role.PEER, supervisor=robin)
    peer.first_name = "Robin"
    peer.save()
    client.force_login(hr_user)
    response = client.get(SEARCH, {"supervisor": "robin"})
    assert response.status_code == 200
    assert response.content.decode().strip() == '<option value="Robin Okafor"></option>'
    assert client.get(SEARCH, {"supervisor": ""}).content.decode().strip() == ""


def test_the_search_offers_only_supervisors_the_viewer_may_see(
    client, supervisor, other_supervisor, peer
):
    for person, name in ((supervisor, "Sam"), (other_supervisor, "Sam")):
        person.first_name = name
        person.save()
    client.force_login(supervisor)
    html = client.get(SEARCH, {"supervisor": "sam"}).content.decode()
    assert supervisor.get_full_name() in html
    assert other_supervisor.get_full_name() not in html

    client.force_login(peer)
    assert client.get(SEARCH, {"supervisor": "sam"}).content.decode().strip() == ""


def test_the_search_answers_at_most_twenty(client, hr_user, make_person):
    _supervisors(make_person, 25, last_name="Okafor")
    UserFactory(first_name="Okafor", roles=[Role.PEER])
    client.force_login(hr_user)
    html = client.get(SEARCH, {"supervisor": "okafor"}).content.decode()
    assert html.count("<option") == 20


@pytest.mark.parametrize("supervisors", [1, 40])
def test_the_search_query_count_is_flat(
    client, hr_user, make_person, supervisors, django_assert_num_queries
):
    _supervisors(make_person, supervisors, last_name="Okafor")
    client.force_login(hr_user)
    # session, user with profile, permissions (roles only), the search
    with django_assert_num_queries(4):
        client.get(SEARCH, {"supervisor": "okafor"})
