"""The audit trail page: program admins browse and filter; nobody edits or deletes."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from people.roles import Role
from tests.evaluations.conftest import make_submitted_evaluation
from tests.revisions import evaluation_revision

pytestmark = pytest.mark.django_db

URL = reverse("audit:logentry-list")


def test_program_admin_filters_by_person_record_and_action(
    client, catalogues, admin_user, peer, supervisor
):
    evaluation = make_submitted_evaluation(peer, supervisor)
    client.force_login(peer)
    client.get(reverse("evaluations:evaluation-detail", args=[evaluation.pk]))
    client.force_login(admin_user)
    response = client.get(
        URL, {"actor": peer.pk, "action": LogEntry.Action.ACCESS, "object_id": evaluation.pk}
    )
    assert response.status_code == 200
    entries = list(response.context["entries"])
    assert len(entries) == 1
    assert entries[0].actor == peer
    assert "Viewed" in response.content.decode()
    # Another person's filter leaves it out.
    response = client.get(URL, {"actor": supervisor.pk, "action": LogEntry.Action.ACCESS})
    assert evaluation.pk not in [e.object_id for e in response.context["entries"]]


@pytest.mark.parametrize("role", [Role.PEER, Role.SUPERVISOR, Role.HR])
def test_only_program_admins_see_the_trail(client, make_person, role):
    client.force_login(make_person(role))
    assert client.get(URL).status_code == 403


def test_the_trail_offers_no_way_to_change_entries(client, admin_user, make_person):
    make_person(Role.PEER)
    client.force_login(admin_user)
    assert client.post(URL).status_code == 405
    entry = LogEntry.objects.first()
    admin_url = reverse("admin:auditlog_logentry_change", args=[entry.pk])
    superuser = admin_user
    superuser.is_staff = superuser.is_superuser = True
    superuser.save()
    client.force_login(superuser)
    response = client.post(admin_url, {"changes_text": "rewritten"})
    assert response.status_code == 403
    delete = client.post(
        reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_trail_page_queries_do_not_grow_with_entries(
    client, admin_user, make_person, django_assert_max_num_queries
):
    client.force_login(admin_user)
    counts = []
    for people in (1, 30):
        for _ in range(people):
            make_person(Role.PEER)
        with django_assert_max_num_queries(12) as ctx:
            assert client.get(URL).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_people_are_made_inactive_never_deleted(client, admin_user, make_person):
    """Deleting a person would erase the actor of their audit entries (and, on PostgreSQL,
    be refused by the append-only trigger half-way): the admin does not offer it."""
    person = make_person(Role.PEER)
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    response = client.post(reverse("admin:people_user_delete", args=[person.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert type(person).objects.filter(pk=person.pk).exists()


def test_a_draft_self_assessment_is_recorded_as_changed_not_shown(
    client, catalogues, admin_user, peer, supervisor
):
    from tests.evaluations.conftest import load

    evaluation = load(make_submitted_evaluation(peer, supervisor))
    section = evaluation.sections_list[0]
    item = section.items_list[0]
    secret = "Rough week; I nearly gave up on the group."
    client.force_login(peer)
    url = reverse("evaluations:evaluation-self", args=[evaluation.pk])
    revision = client.get(url).context["form"]["revision"].value()
    response = client.post(
        url,
        {
            "revision": revision,
            f"rating_{item.pk}": "developing",
            f"comment_{section.pk}": secret,
            "self_overall_comments": "Overall I struggled to stay with it.",
        },
    )
    assert response.status_code == 302
    client.force_login(admin_user)
    # The record hides the draft from the program admin ...
    detail = client.get(reverse("evaluations:evaluation-detail", args=[evaluation.pk]))
    assert secret not in detail.content.decode()
    # ... and so does the trail: it says what changed, not what it says.
    page = client.get(URL, {"object_id": evaluation.pk}).content.decode()
    assert secret not in page and "struggled" not in page
    assert "Developing" not in page and "developing" not in page
    assert f"Category {section.code} self_comment" in page and f"{item.code} self_rating" in page
    assert "self_overall_comments" in page
    assert "(changed; a draft is not shown)" in page
    stored = str(list(LogEntry.objects.values_list("changes", flat=True)))
    assert secret not in stored and "struggled" not in stored


def test_a_draft_recorded_before_it_was_concealed_is_not_shown(
    client, catalogues, admin_user, peer, supervisor
):
    evaluation = make_submitted_evaluation(peer, supervisor)
    LogEntry.objects.log_create(
        evaluation,
        action=LogEntry.Action.UPDATE,
        changes={"Category I self_comment": ["", "An old draft, written down"]},
    )
    client.force_login(admin_user)
    page = client.get(URL, {"object_id": evaluation.pk}).content.decode()
    assert "An old draft" not in page and "(changed; a draft is not shown)" in page


def test_the_trail_page_shows_the_head_of_the_chain_of_sealed_records(
    client, admin_user, catalogues, peer, supervisor
):
    from core.integrity import chain_head
    from evaluations.services.workflow import evaluation_acknowledge, evaluation_finalize
    from tests.evaluations.conftest import make_submitted_evaluation

    client.force_login(admin_user)
    assert "none sealed yet" in client.get(URL).content.decode()
    submitted = make_submitted_evaluation(peer, supervisor)
    evaluation_acknowledge(
        evaluation=submitted,
        by=peer,
        revision=evaluation_revision(submitted),
        signature=peer.get_full_name(),
    )
    evaluation_finalize(evaluation=submitted, by=supervisor)
    head = chain_head()
    page = client.get(URL).content.decode()
    assert f"latest link is number {head.position}" in page and head.mac in page
