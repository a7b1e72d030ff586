"""The home page: one panel for each role the person holds."""

import pytest
from django.urls import reverse

from people.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        (Role.SUPERVISOR, "My team"),
        (Role.HR, "Onboarding board"),
        (Role.PEER, "My evaluations and trainings"),
        (Role.PROGRAM_ADMIN, "Catalogues and people"),
    ],
)
def test_home_page_per_role(client, make_person, role, heading):
    client.force_login(make_person(role))
    body = client.get(reverse("home")).content.decode()
    assert heading in body
    others = {"My team", "Onboarding board", "Catalogues and people"} - {heading}
    assert not any(other in body for other in others)


def test_person_with_two_roles_sees_both_panels(client, make_person):
    from people.services import person_set_roles

    user = make_person(Role.SUPERVISOR)
    person_set_roles(user=user, roles=[Role.SUPERVISOR, Role.HR])
    client.force_login(user)
    body = client.get(reverse("home")).content.decode()
    assert "My team" in body and "Onboarding board" in body


@pytest.mark.parametrize("rows", [1, 50])
def test_supervisor_home_query_count_is_flat(
    client, supervisor, make_person, rows, django_assert_num_queries
):
    for _ in range(rows):
        make_person(Role.PEER, supervisor=supervisor)
    client.force_login(supervisor)
    # session, user with own profile and roles (people.selectors.session_users; permissions
    # come from the roles, no query), team, evaluations in progress, onboarding to-dos,
    # check-ins due this week; the "Needs me" cards: evaluations, onboarding items,
    # check-ins, work plans, self-assessment questions left to answer
    with django_assert_num_queries(12):
        response = client.get(reverse("home"))
    assert len(response.context["team"]) == rows
