from django.utils import timezone

from people.roles import Role
from people.selectors import email_in_use, employed_reports, usernames_starting
from people.services import person_leave


def test_employed_reports_are_the_supervisors_people_who_still_work_here(
    make_person, supervisor, other_supervisor, hr_user
):
    staying = make_person(Role.PEER, supervisor=supervisor)
    leaving = make_person(Role.PEER, supervisor=supervisor)
    make_person(Role.PEER, supervisor=other_supervisor)
    person_leave(person=leaving, end_date=timezone.localdate(), by=hr_user)

    assert list(employed_reports(supervisor=supervisor)) == [staying]


def test_email_in_use_ignores_case(make_person):
    person = make_person(Role.PEER)
    assert email_in_use(email=person.email.upper())
    assert not email_in_use(email="nobody@example.org")


def test_usernames_starting_with_a_prefix(make_person):
    person = make_person(Role.PEER)
    assert person.username in usernames_starting(prefix=person.username[:3])
    assert usernames_starting(prefix="zzz-nobody") == set()
