"""Leaving the agency: one end date ends access everywhere, from that day on."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.reminders import pending_reminders
from evaluations.access import evaluations_visible_to, is_supervisor_of
from people.models import StaffProfile, User
from people.roles import Role
from people.selectors import employed_people, team_for
from people.services import people_leavers_deactivate, person_leave, person_reinstate
from tests.clock import frozen
from tests.evaluations.conftest import make_submitted_evaluation
from tests.factories import PASSWORD

pytestmark = [frozen, pytest.mark.django_db]

AGENCY_TZ = ZoneInfo(settings.TIME_ZONE)
LEAVES_ON = date(2026, 12, 15)


def at(day: date, hour: int = 9, minute: int = 0):
    moment = datetime.combine(day, time(hour, minute), tzinfo=AGENCY_TZ)
    return time_machine.travel(moment, tick=False)


def sign_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def test_sign_in_works_the_day_before_and_is_refused_from_the_end_date(client, supervisor, hr_user):
    with at(LEAVES_ON - timedelta(days=10)):
        person_leave(person=supervisor, end_date=LEAVES_ON, by=hr_user)
    with at(LEAVES_ON - timedelta(days=1), hour=23):
        response = sign_in(client, supervisor)
        assert response.status_code == 302 and response.url == reverse("home")
        client.post(reverse("logout"))
    # Midnight in the agency's time zone, not the server's.
    with at(LEAVES_ON, hour=0):
        response = sign_in(client, supervisor)
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()
    with at(LEAVES_ON + timedelta(days=30)):
        assert sign_in(client, supervisor).status_code == 200


def test_an_open_session_loses_access_when_the_end_date_comes(
    client, catalogues, peer, supervisor, hr_user
):
    evaluation = make_submitted_evaluation(peer, supervisor)
    url = reverse("evaluations:evaluation-detail", args=[evaluation.pk])
    with at(LEAVES_ON - timedelta(days=1), hour=23, minute=50):
        person_leave(person=supervisor, end_date=LEAVES_ON, by=hr_user)
        client.force_login(supervisor)
        assert client.get(url).status_code == 200
    # The same session ten minutes later, well within its idle time, but on the end date.
    with at(LEAVES_ON, hour=0, minute=0):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        assert client.get(reverse("home")).status_code == 302


def test_a_supervisor_who_has_left_gets_404_for_their_reports_evaluations(
    client, catalogues, peer, supervisor, hr_user, monkeypatch
):
    evaluation = make_submitted_evaluation(peer, supervisor)
    url = reverse("evaluations:evaluation-detail", args=[evaluation.pk])
    with at(LEAVES_ON - timedelta(days=1), hour=23, minute=50):
        person_leave(person=supervisor, end_date=LEAVES_ON, by=hr_user)
        client.force_login(supervisor)
        assert client.get(url).status_code == 200
        assert is_supervisor_of(User.objects.get(pk=supervisor.pk), evaluation)
    # Even were a session to outlive the sign-in check, the views themselves refuse.
    from django.contrib.auth.backends import ModelBackend

    monkeypatch.setattr(
        "people.backends.StaffBackend.user_can_authenticate",
        ModelBackend.user_can_authenticate,
    )
    with at(LEAVES_ON, hour=0, minute=0):
        left = User.objects.select_related("profile").get(pk=supervisor.pk)
        assert not is_supervisor_of(left, evaluation)
        assert not evaluations_visible_to(left).exists()
        assert client.get(url).status_code == 404
        assert client.get(reverse("evaluations:evaluation-list")).status_code == 404
        assert list(team_for(supervisor=left)) == []


def test_leaving_switches_the_account_off_and_reinstating_on_audited(supervisor, hr_user):
    with at(LEAVES_ON):
        person_leave(person=supervisor, end_date=LEAVES_ON, by=hr_user)
        supervisor.refresh_from_db()
        assert supervisor.is_active is False and supervisor.profile.end_date == LEAVES_ON
        assert supervisor not in employed_people()
        person_reinstate(person=supervisor, by=hr_user)
        supervisor.refresh_from_db()
        assert supervisor.is_active is True and supervisor.profile.end_date is None
        assert supervisor in employed_people()
    end_dates = [
        e.changes_dict["end_date"][1]
        for e in LogEntry.objects.get_for_object(supervisor.profile).order_by("pk")
        if "end_date" in e.changes_dict
    ]
    assert [str(v) for v in end_dates] == [LEAVES_ON.isoformat(), "None"]
    account = [
        e.changes_dict["is_active"]
        for e in LogEntry.objects.get_for_object(supervisor).order_by("pk")
        if "is_active" in e.changes_dict
    ]
    assert [[str(v) for v in change] for change in account][-2:] == [
        ["True", "False"],
        ["False", "True"],
    ]


def test_a_future_end_date_keeps_access_until_it_comes_then_the_sweep_follows(supervisor, hr_user):
    with at(LEAVES_ON - timedelta(days=5)):
        person_leave(person=supervisor, end_date=LEAVES_ON, by=hr_user)
        supervisor.refresh_from_db()
        assert supervisor.is_active and supervisor in employed_people()
        assert people_leavers_deactivate() == 0
    with at(LEAVES_ON):
        assert supervisor not in employed_people()
        assert people_leavers_deactivate() == 1
        supervisor.refresh_from_db()
        assert not supervisor.is_active


def test_only_hr_or_a_program_admin_records_leaving(peer, supervisor):
    with pytest.raises(PermissionDenied):
        person_leave(person=peer, end_date=LEAVES_ON, by=supervisor)
    assert StaffProfile.objects.get(user=peer).end_date is None


def test_pickers_and_teams_leave_out_people_who_have_left(client, peer, supervisor, hr_user):
    with at(LEAVES_ON):
        person_leave(person=peer, end_date=LEAVES_ON, by=hr_user)
        assert peer not in employed_people()
        assert list(team_for(supervisor=supervisor)) == []
        client.force_login(hr_user)
        page = client.get(reverse("trainings:session-list")).content.decode()
        assert peer.get_full_name() not in page


def test_reminders_stop_going_to_someone_who_has_left(catalogues, peer, supervisor, hr_user):
    evaluation = make_submitted_evaluation(peer, supervisor)
    due = evaluation.due_date
    assert {r.recipient for r in pending_reminders(today=due)} == {supervisor, peer}
    with at(due - timedelta(days=5)):
        person_leave(person=supervisor, end_date=due, by=hr_user)
    # Until the end date they still hear about it; from that day on, only the peer does.
    assert supervisor in {r.recipient for r in pending_reminders(today=due - timedelta(days=1))}
    assert {r.recipient for r in pending_reminders(today=due)} == {peer}


def test_people_with_someone_who_left_still_see_them_listed_with_the_date(
    client, peer, supervisor, hr_user
):
    with at(LEAVES_ON):
        person_leave(person=peer, end_date=LEAVES_ON, by=hr_user)
        client.force_login(hr_user)
        page = client.get(reverse("people:person-detail", args=[peer.pk])).content.decode()
    assert "Leaves the agency on Dec 15, 2026" in page
    assert Role.PEER in peer.role_names


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_inactive_profiles_and_accounts_into_leavers():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("people", "0002_list_order_indexes")], [("people", "0003_staff_end_date")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldUser, OldProfile = old.get_model("people", "User"), old.get_model("people", "StaffProfile")
    people = {}
    for name, account_active, profile_active in [
        ("works", True, True),
        ("profile-off", True, False),
        ("account-off", False, True),
    ]:
        user = OldUser.objects.create(username=name, is_active=account_active)
        OldProfile.objects.create(user=user, is_active=profile_active)
        people[name] = user.pk
    with at(LEAVES_ON):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(after)
    # The models as they were at that migration: later ones add columns this state lacks.
    migrated = executor.loader.project_state(after).apps.get_model("people", "StaffProfile")
    profiles = {p.user.username: p for p in migrated.objects.select_related("user")}
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert profiles["works"].end_date is None and profiles["works"].user.is_active
    for name in ("profile-off", "account-off"):
        assert profiles[name].end_date == LEAVES_ON
        assert profiles[name].user.is_active is False


def test_the_admin_site_records_leaving_through_the_service(client, admin_user, peer):
    profile = peer.profile
    url = reverse("admin:people_staffprofile_change", args=[profile.pk])
    with at(LEAVES_ON):
        client.force_login(admin_user)
        response = client.post(
            url,
            {
                "user": peer.pk,
                "job_title": "Peer specialist",
                "employment_type": profile.employment_type,
                "supervisor": profile.supervisor_id,
                "end_date": LEAVES_ON.isoformat(),
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response.url == reverse("admin:people_staffprofile_changelist"), response.url
        profile = StaffProfile.objects.select_related("user").get(pk=profile.pk)
        assert profile.job_title == "Peer specialist", profile.job_title
        assert profile.end_date == LEAVES_ON
        assert profile.user.is_active is False
        assert peer not in employed_people()
