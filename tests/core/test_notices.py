"""Hand-off emails (core.notices): sent once on commit, or held for the daily digest as
each person chooses; one email per person for the day's reminders; the settings page and
the one-click link in every email."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import Notice, NoticePreference, SentReminder
from core.notices import (
    notice_preferences,
    notice_preferences_save,
    notice_queue,
    preference_link,
    preference_token,
)
from core.queueing import notices_requeue_unsent
from core.reminders import send_daily_reminders
from people.roles import Role
from tests.clock import frozen
from tests.evaluations.conftest import new_evaluation

pytestmark = [frozen, pytest.mark.django_db]

DUE = date(2026, 12, 10)
HANDOFFS = "workplans.handoffs"


def queue(people, key="thing:1:signed", kind=HANDOFFS):
    return notice_queue(
        kind=kind,
        recipients=people,
        key=key,
        subject="A plan is ready for your signature",
        template="core/tests/notice_body.txt",
        context={"what": "the plan"},
        path="/workplans/1/",
    )


@pytest.fixture(autouse=True)
def _body_template(settings, tmp_path):
    # A body template of the test's own: core names no app's template.
    folder = tmp_path / "core" / "tests"
    folder.mkdir(parents=True)
    (folder / "notice_body.txt").write_text(
        "{% autoescape off %}Please read {{ what }} and sign it, {{ recipient.first_name }}."
        "{% endautoescape %}"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]


def test_a_hand_off_is_sent_once_on_commit_with_a_one_click_link(
    peer, supervisor, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queue([peer, supervisor, peer])
        assert mail.outbox == []  # nothing leaves inside the transaction
    assert len(callbacks) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([peer.email, supervisor.email])
    message = next(m for m in mail.outbox if m.to == [peer.email])
    assert message.subject == "A plan is ready for your signature"
    assert f"Please read the plan and sign it, {peer.first_name}." in message.body
    assert f"{settings.SITE_URL}/workplans/1/" in message.body
    link = preference_link(person_id=peer.pk, kind=HANDOFFS)
    assert link in message.body and link in message.alternatives[0][0]
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notice.objects.filter(sent_at__isnull=False).count() == 2
    # Asked for again (a retried request): recorded once, sent once.
    with django_capture_on_commit_callbacks(execute=True):
        assert queue([peer]) == []
    assert len(mail.outbox) == 2


def test_nobody_without_an_address_is_recorded(peer, django_capture_on_commit_callbacks):
    peer.email = ""
    peer.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert queue([peer, None]) == []
    assert Notice.objects.count() == 0


def test_a_digest_person_gets_hand_offs_with_reminders_in_one_email(
    catalogues, make_person, supervisor, django_capture_on_commit_callbacks
):
    notice_preferences_save(person=supervisor, deliveries={HANDOFFS: "digest"})
    for _ in range(2):
        new_evaluation(make_person(Role.PEER, supervisor=supervisor), supervisor, due_date=DUE)
    with django_capture_on_commit_callbacks(execute=True):
        queue([supervisor])
    assert mail.outbox == []
    notice = Notice.objects.get()
    assert notice.delivery == "digest" and notice.sent_at is None
    # The sweep leaves it to the digest.
    later = timezone.now() + timedelta(minutes=11)
    with django_capture_on_commit_callbacks(execute=True):
        assert notices_requeue_unsent(now=later) == 0

    assert len(send_daily_reminders(today=DUE)) == 2
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [supervisor.email]
    assert digest.subject == "Your daily digest from PeerWorks: 3 things for you"
    assert "A plan is ready for your signature" in digest.body
    assert "Please read the plan and sign it" in digest.body
    assert digest.body.count("is due today") == 2
    assert reverse("notice-settings") in digest.body
    notice.refresh_from_db()
    assert notice.sent_at is not None
    assert send_daily_reminders(today=DUE) == [] and len(mail.outbox) == 1


def test_several_reminders_come_in_one_email(catalogues, make_person, supervisor):
    peers = [make_person(Role.PEER, supervisor=supervisor) for _ in range(3)]
    for peer in peers:
        new_evaluation(peer, supervisor, due_date=DUE)
    assert len(send_daily_reminders(today=DUE)) == 3
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "3 reminders from PeerWorks for today"
    for peer in peers:
        assert f"Evaluation of {peer.get_full_name()} is due today" in message.body
    assert message.body.count("/evaluations/") >= 3
    assert SentReminder.objects.count() == 3


def test_reminders_wanted_alone_come_apart_from_the_digest(
    catalogues, peer, supervisor, django_capture_on_commit_callbacks
):
    notice_preferences_save(
        person=supervisor,
        deliveries={"evaluations.reminders": "immediate", HANDOFFS: "digest"},
    )
    new_evaluation(peer, supervisor, due_date=DUE)
    with django_capture_on_commit_callbacks(execute=True):
        queue([supervisor])
    send_daily_reminders(today=DUE)
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        f"Evaluation of {peer.get_full_name()} is due today",
        "Your daily digest from PeerWorks: 1 thing for you",
    ]


def test_reminders_turned_off_are_neither_sent_nor_recorded(catalogues, peer, supervisor):
    notice_preferences_save(person=supervisor, deliveries={"evaluations.reminders": "off"})
    new_evaluation(peer, supervisor, due_date=DUE)
    assert send_daily_reminders(today=DUE, dry_run=True) == []
    assert send_daily_reminders(today=DUE) == []
    assert mail.outbox == [] and SentReminder.objects.count() == 0


def test_an_undelivered_digest_keeps_its_hand_offs_for_the_next_run(
    peer, monkeypatch, django_capture_on_commit_callbacks
):
    notice_preferences_save(person=peer, deliveries={HANDOFFS: "digest"})
    with django_capture_on_commit_callbacks(execute=True):
        queue([peer])

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    send_daily_reminders(today=DUE)
    assert Notice.objects.get().sent_at is None
    monkeypatch.undo()
    send_daily_reminders(today=DUE)
    assert [m.to for m in mail.outbox] == [[peer.email]]
    assert Notice.objects.get().sent_at is not None


def test_someone_who_has_left_gets_no_digest(peer, django_capture_on_commit_callbacks):
    notice_preferences_save(person=peer, deliveries={HANDOFFS: "digest"})
    with django_capture_on_commit_callbacks(execute=True):
        queue([peer])
    peer.profile.end_date = DUE - timedelta(days=1)
    peer.profile.save()
    send_daily_reminders(today=DUE)
    assert mail.outbox == []


def test_a_lost_immediate_notice_is_swept_once(
    peer, monkeypatch, django_capture_on_commit_callbacks
):
    from core.tasks import send_notice

    with monkeypatch.context() as patch:
        patch.setattr(send_notice, "delay", lambda *args: None)  # the message is lost
        with django_capture_on_commit_callbacks(execute=True):
            queue([peer])
    assert mail.outbox == []
    later = timezone.now() + timedelta(minutes=11)
    with django_capture_on_commit_callbacks(execute=True):
        assert notices_requeue_unsent(now=later) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert notices_requeue_unsent(now=later) == 0
    assert [m.to for m in mail.outbox] == [[peer.email]]


def test_preferences_default_to_digest_for_reminders_and_at_once_for_hand_offs(peer):
    chosen = notice_preferences(person=peer)
    assert chosen[HANDOFFS] == "immediate" and chosen["evaluations.reminders"] == "digest"


def test_a_hand_off_cannot_be_turned_off(peer):
    from core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        notice_preferences_save(person=peer, deliveries={HANDOFFS: "off"})
    assert NoticePreference.objects.count() == 0


# The settings page and the link in each email.


def test_the_settings_page_saves_each_choice(client, peer):
    client.force_login(peer)
    url = reverse("notice-settings")
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'type="radio"' in html and "Reminders of what is due" in html
    data = {key: value for key, value in notice_preferences(person=peer).items()}
    data[HANDOFFS] = "digest"
    data["trainings.reminders"] = "off"
    response = client.post(url, data)
    assert response.status_code == 302
    chosen = notice_preferences(person=peer)
    assert chosen[HANDOFFS] == "digest" and chosen["trainings.reminders"] == "off"
    # A hand-off offers no "off": the form refuses it and nothing changes.
    data[HANDOFFS] = "off"
    assert client.post(url, data).status_code == 200
    assert notice_preferences(person=peer)[HANDOFFS] == "digest"


def test_one_click_post_from_a_mail_program_quietens_the_kind(client, peer):
    path = reverse(
        "notice-preference-link", args=[preference_token(person_id=peer.pk, kind=HANDOFFS)]
    )
    # RFC 8058: no cookie, no CSRF token, this exact body.
    client = type(client)(enforce_csrf_checks=True)
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert notice_preferences(person=peer)[HANDOFFS] == "digest"
    reminders = preference_token(person_id=peer.pk, kind="onboarding.reminders")
    client.post(
        reverse("notice-preference-link", args=[reminders]), {"List-Unsubscribe": "One-Click"}
    )
    assert notice_preferences(person=peer)["onboarding.reminders"] == "off"


def test_the_link_opens_a_page_for_that_kind_without_signing_in(client, peer):
    token = preference_token(person_id=peer.pk, kind=HANDOFFS)
    url = reverse("notice-preference-link", args=[token])
    page = client.get(url)
    assert page.status_code == 200
    assert "work plans" in page.content.decode() and 'type="radio"' in page.content.decode()
    response = client.post(url, {HANDOFFS: "digest"})
    assert response.status_code == 302
    assert notice_preferences(person=peer)[HANDOFFS] == "digest"


def test_a_changed_or_foreign_token_shows_nothing(client, peer):
    token = preference_token(person_id=peer.pk, kind=HANDOFFS)
    for bad in (token[:-2] + "xx", "not-a-token"):
        url = reverse("notice-preference-link", args=[bad])
        assert client.get(url).status_code == 404
        assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 404
    assert NoticePreference.objects.count() == 0
