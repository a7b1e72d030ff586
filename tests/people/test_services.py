"""Program admins invite and manage people: the services, their refusals and the audit trail."""

import re
from datetime import timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from core.errors import ApplicationError
from organisations.models import Organisation
from people.models import Invitation, Population, StaffProfile, User
from people.roles import Role
from people.services import (
    invitation_send,
    person_invite,
    person_invite_again,
    person_update,
)
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-and-long-password-42"


def invite(by, **overrides):
    fields = {
        "username": "rosa",
        "email": "rosa@example.org",
        "first_name": "Rosa",
        "last_name": "Parks",
        "roles": [Role.PEER],
        "job_title": "Peer Support Specialist",
        "program": None,
        "population": None,
        "employment_type": StaffProfile.EmploymentType.EMPLOYEE,
        "start_date": None,
        "supervisor": None,
    }
    return person_invite(by=by, **{**fields, **overrides})


def details(person, **overrides):
    """What the edit form posts for ``person`` unchanged, plus ``overrides``."""
    profile = StaffProfile.objects.get(user=person)
    fields = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "roles": sorted(person.role_names),
        "job_title": profile.job_title,
        "program": profile.program,
        "population": profile.population,
        "employment_type": profile.employment_type,
        "start_date": profile.start_date,
        "supervisor": profile.supervisor,
    }
    return {**fields, **overrides}


def invitation_link(message) -> str:
    return re.search(r"http\S+/people/welcome/\S+/", message.body).group(0)


def test_an_invitation_makes_an_account_without_a_password_in_the_admins_organisation(
    admin_user, supervisor, django_capture_on_commit_callbacks
):
    agency = Organisation.objects.create(name="Harbor Peer Services", slug="harbor")
    admin_user.organisation = agency
    admin_user.save()
    program = ProgramFactory()
    population = Population.objects.create(code="youth", name="Youth", requirement="Lived it.")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        person = invite(
            admin_user,
            roles=[Role.PEER, Role.SUPERVISOR],
            program=program,
            population=population,
            supervisor=supervisor,
            employment_type=StaffProfile.EmploymentType.VOLUNTEER,
        )
        # Nothing is sent before the account is committed.
        assert mail.outbox == []
    assert len(callbacks) == 1
    person.refresh_from_db()
    assert person.organisation == agency
    assert not person.has_usable_password()
    assert person.role_names == {Role.PEER, Role.SUPERVISOR}
    assert not person.is_superuser and not person.is_staff
    profile = person.profile
    assert (profile.program, profile.population, profile.supervisor) == (
        program,
        population,
        supervisor,
    )
    assert profile.employment_type == StaffProfile.EmploymentType.VOLUNTEER
    [message] = mail.outbox
    assert message.to == ["rosa@example.org"]
    assert "rosa" in message.body and str(admin_user) in message.body
    assert invitation_link(message).startswith(settings.SITE_URL)
    assert Invitation.objects.get(person=person).sent_at is not None


def test_the_invitation_link_sets_a_password_once(
    client, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = invite(admin_user)
    link = invitation_link(mail.outbox[0])
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response.url == reverse("login")
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    # The same link again: used up.
    again = client.get(link, follow=True)
    assert not again.context["validlink"]
    assert "no longer works" in again.content.decode()


def test_the_invitation_link_expires(client, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin_user)
    link = invitation_link(mail.outbox[0])
    later = timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    with time_machine.travel(later, tick=False):
        response = client.get(link, follow=True)
    assert not response.context["validlink"]


def test_an_invitation_link_does_not_open_password_reset(
    client, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = invite(admin_user)
    uidb64, token = invitation_link(mail.outbox[0]).rstrip("/").split("/")[-2:]
    url = reverse("password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
    assert not client.get(url, follow=True).context["validlink"]
    assert not User.objects.get(pk=person.pk).has_usable_password()


def test_an_invitation_is_sent_once_however_often_the_task_runs(
    admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = invite(admin_user)
    invitation = Invitation.objects.get(person=person)
    assert invitation_send(invitation_id=invitation.pk) is False
    assert len(mail.outbox) == 1


def test_inviting_again_sends_a_new_link_until_a_password_is_set(
    admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = invite(admin_user)
        person_invite_again(by=admin_user, person=person)
    assert len(mail.outbox) == 2
    person.set_password(NEW_PASSWORD)
    person.save()
    with pytest.raises(ApplicationError, match="already set a password"):
        person_invite_again(by=admin_user, person=person)


def test_bad_input_is_refused_field_by_field_and_nothing_is_made(admin_user, peer, make_person):
    not_a_supervisor = make_person(Role.PEER)
    with pytest.raises(ApplicationError) as refused:
        invite(
            admin_user,
            username=peer.username.upper(),
            email=peer.email.upper(),
            supervisor=not_a_supervisor,
        )
    errors = refused.value.errors
    assert set(errors) == {"username", "email", "supervisor"}
    assert "already the email" in errors["email"][0]
    assert "not a supervisor" in errors["supervisor"][0]
    assert not User.objects.filter(first_name="Rosa").exists()
    assert not Invitation.objects.exists()


def test_only_roles_are_granted_never_superuser_or_a_permission(admin_user):
    for forged in (["superuser"], ["auth.change_group"], [Role.PEER, "is_staff"]):
        with pytest.raises(ApplicationError, match="roles from the list"):
            invite(admin_user, roles=forged)
    person = invite(admin_user, roles=[Role.PROGRAM_ADMIN])
    person.refresh_from_db()
    assert not person.is_superuser and not person.user_permissions.exists()
    # The admin site follows the Program admin role, as everywhere else.
    assert person.is_staff


@pytest.mark.parametrize("role", [Role.HR, Role.SUPERVISOR, Role.PEER])
def test_only_program_admins_invite_and_edit_people(make_person, peer, role):
    someone = make_person(role)
    with pytest.raises(PermissionDenied):
        invite(someone)
    with pytest.raises(PermissionDenied):
        person_update(by=someone, person=peer, **details(peer, job_title="Anything"))
    assert not User.objects.filter(username="rosa").exists()


def test_an_update_changes_roles_and_profile_and_each_change_is_audited(
    admin_user, peer, other_supervisor
):
    program = ProgramFactory()
    person_update(
        by=admin_user,
        person=peer,
        **details(
            peer,
            email="new-address@example.org",
            roles=[Role.PEER, Role.SUPERVISOR],
            supervisor=other_supervisor,
            program=program,
            employment_type=StaffProfile.EmploymentType.VOLUNTEER,
        ),
    )
    peer.refresh_from_db()
    assert peer.email == "new-address@example.org"
    assert peer.role_names == {Role.PEER, Role.SUPERVISOR}
    assert peer.profile.supervisor == other_supervisor and peer.profile.program == program
    user_changes = LogEntry.objects.get_for_object(peer).filter(action=LogEntry.Action.UPDATE)
    assert any("email" in e.changes_dict for e in user_changes)
    assert any("groups" in e.changes_dict for e in user_changes)
    profile_changes = [
        e.changes_dict
        for e in LogEntry.objects.get_for_object(peer.profile).filter(action=LogEntry.Action.UPDATE)
    ]
    assert any({"supervisor", "program", "employment_type"} <= set(c) for c in profile_changes)


def test_an_update_that_changes_nothing_records_nothing(admin_user, peer):
    before = LogEntry.objects.count()
    person_update(by=admin_user, person=peer, **details(peer))
    assert LogEntry.objects.count() == before


def test_an_update_refused_keeps_everything_as_it_was(admin_user, peer, make_person):
    other = make_person(Role.PEER)
    with pytest.raises(ApplicationError) as refused:
        person_update(
            by=admin_user,
            person=peer,
            **details(peer, email=other.email, job_title="Changed", supervisor=peer),
        )
    assert set(refused.value.errors) == {"email", "supervisor"}
    peer.refresh_from_db()
    assert peer.profile.job_title != "Changed"


def test_a_program_admin_cannot_remove_their_own_admin_role(admin_user):
    with pytest.raises(ApplicationError, match="your own Program admin role"):
        person_update(by=admin_user, person=admin_user, **details(admin_user, roles=[Role.HR]))
    assert admin_user.has_role(Role.PROGRAM_ADMIN)
    assert Group.objects.get(name=Role.PROGRAM_ADMIN).user_set.filter(pk=admin_user.pk).exists()


def test_a_program_admin_cannot_change_a_superuser(admin_user, make_person):
    root = make_person(None)
    root.is_superuser = True
    root.save()
    with pytest.raises(PermissionDenied):
        person_update(by=admin_user, person=root, **details(root, email="mine@example.org"))
    root.refresh_from_db()
    assert root.email != "mine@example.org"
