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


# Program admins manage people: the invite, edit and leaving pages.


def _invite_form(**overrides):
    return {
        "first_name": "Rosa",
        "last_name": "Parks",
        "username": "rosa",
        "email": "rosa@example.org",
        "roles": [Role.PEER],
        "job_title": "Peer Support Specialist",
        "employment_type": "employee",
        **overrides,
    }


def test_a_program_admin_invites_a_person_from_the_people_page(
    client, admin_user, supervisor, django_capture_on_commit_callbacks
):
    from django.core import mail

    from people.models import User

    client.force_login(admin_user)
    people_page = client.get(reverse("people:person-list")).content.decode()
    assert f'href="{reverse("people:person-invite")}"' in people_page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:person-invite"), _invite_form(supervisor=supervisor.pk)
        )
    person = User.objects.get(username="rosa")
    assert response.status_code == 302
    assert response.url == reverse("people:person-detail", args=[person.pk])
    assert person.profile.supervisor == supervisor
    assert [m.to for m in mail.outbox] == [["rosa@example.org"]]
    page = client.get(response.url).content.decode()
    assert "is invited" in page and "no password set yet" in page


def test_a_refused_invitation_says_why_and_keeps_what_was_typed(client, admin_user, peer):
    from people.models import User

    client.force_login(admin_user)
    response = client.post(
        reverse("people:person-invite"),
        _invite_form(email=peer.email.upper(), username=peer.username, job_title="Coach"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nothing was saved" in body
    assert "already the email of someone" in body
    assert f"The username {peer.username} is taken" in body
    assert 'value="Coach"' in body and 'value="Rosa"' in body
    assert User.objects.filter(first_name="Rosa").count() == 0


def test_a_supervisor_who_is_not_one_is_refused_with_a_reason(client, admin_user, make_person):
    from people.models import User

    # A stale form: the person chosen lost the Supervisor role since it was opened.
    not_a_supervisor = make_person(Role.PEER)
    client.force_login(admin_user)
    response = client.post(
        reverse("people:person-invite"), _invite_form(supervisor=not_a_supervisor.pk)
    )
    assert response.status_code == 200
    assert "Choose a supervisor from the list" in response.content.decode()
    assert not User.objects.filter(username="rosa").exists()


def test_the_invite_form_labels_every_input(client, admin_user):
    client.force_login(admin_user)
    form = client.get(reverse("people:person-invite")).context["form"]
    body = client.get(reverse("people:person-invite")).content.decode()
    for field in form:
        if field.name == "roles":
            continue  # checkboxes: each has its own label, under the group's legend
        assert f'for="{field.id_for_label}"' in body, field.name
    assert 'type="date"' in body


def test_a_program_admin_edits_roles_and_supervisor(client, admin_user, peer, other_supervisor):
    client.force_login(admin_user)
    url = reverse("people:person-edit", args=[peer.pk])
    form = client.get(url).context["form"]
    assert form.initial["supervisor"] == peer.profile.supervisor_id
    assert peer.pk not in {s.pk for s in form.fields["supervisor"].queryset}
    data = {
        "first_name": peer.first_name,
        "last_name": peer.last_name,
        "email": peer.email,
        "roles": [Role.PEER, Role.SUPERVISOR],
        "job_title": "Senior Peer Specialist",
        "employment_type": "employee",
        "supervisor": other_supervisor.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    peer.refresh_from_db()
    assert peer.role_names == {Role.PEER, Role.SUPERVISOR}
    assert peer.profile.supervisor == other_supervisor
    assert peer.profile.job_title == "Senior Peer Specialist"


def test_the_audit_trail_names_the_admin_who_changed_a_person(client, admin_user, peer):
    from auditlog.models import LogEntry

    client.force_login(admin_user)
    client.post(
        reverse("people:person-edit", args=[peer.pk]),
        {
            "first_name": peer.first_name,
            "last_name": peer.last_name,
            "email": "changed@example.org",
            "roles": [Role.PEER],
            "employment_type": "employee",
        },
    )
    entry = LogEntry.objects.get_for_object(peer).latest("timestamp")
    assert entry.actor == admin_user
    assert "email" in entry.changes_dict


@pytest.mark.parametrize("role", [Role.HR, Role.SUPERVISOR, Role.PEER])
def test_only_program_admins_open_or_post_the_invite_and_edit_pages(
    client, make_person, peer, role
):
    from people.models import User

    client.force_login(make_person(role))
    assert client.get(reverse("people:person-invite")).status_code == 403
    assert client.post(reverse("people:person-invite"), _invite_form()).status_code == 403
    edit = reverse("people:person-edit", args=[peer.pk])
    assert client.post(edit, {"roles": [Role.PROGRAM_ADMIN]}).status_code == 403
    assert not User.objects.filter(username="rosa").exists()
    peer.refresh_from_db()
    assert not peer.has_role(Role.PROGRAM_ADMIN)


def test_hr_records_leaving_and_reinstates_from_the_person_page(client, hr_user, peer):
    from datetime import timedelta

    from django.utils import timezone

    client.force_login(hr_user)
    page = client.get(reverse("people:person-detail", args=[peer.pk])).content.decode()
    leave = reverse("people:person-leave", args=[peer.pk])
    assert f'href="{leave}"' in page
    day = timezone.localdate() + timedelta(days=30)
    assert client.post(leave, {"end_date": day.isoformat()}).status_code == 302
    peer.profile.refresh_from_db()
    assert peer.profile.end_date == day
    assert client.post(leave, {"reinstate": "1"}).status_code == 302
    peer.profile.refresh_from_db()
    assert peer.profile.end_date is None


def test_leaving_needs_a_day(client, hr_user, peer):
    client.force_login(hr_user)
    response = client.post(reverse("people:person-leave", args=[peer.pk]), {"end_date": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    peer.profile.refresh_from_db()
    assert peer.profile.end_date is None
