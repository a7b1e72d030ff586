"""The anonymous staff survey: single-use links, nothing tying an answer to a person, and
no result for fewer than five respondents."""

import logging
import re
import smtplib
from urllib.parse import parse_qs, urlparse

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone

from core.errors import ApplicationError
from people.roles import Role
from readiness.models import SurveyInvitation, SurveyResponse, SurveyRound, SurveyTicket
from readiness.selectors import MIN_GROUP, survey_item_codes, survey_links_owed, survey_results
from readiness.services import (
    survey_answer,
    survey_close,
    survey_invitations_resume,
    survey_invitations_send,
    survey_open,
    survey_ticket_for,
    survey_token_hash,
)
from tests.clock import frozen
from tests.factories import OrganisationFactory, StaffProfileFactory, UserFactory

pytestmark = [frozen, pytest.mark.django_db]


def _open(admin, name="Spring survey"):
    return survey_open(
        organisation=admin.organisation, name=name, by=admin, today=timezone.localdate()
    )


def _tokens(django_capture_on_commit_callbacks, admin, name="Spring survey"):
    """Open a round and return it with {email: token} from the emails its job sent (run
    eagerly on commit)."""
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        survey = _open(admin, name)
    return survey, _sent_tokens()


def _sent_tokens(messages=None) -> dict[str, str]:
    tokens = {}
    for message in mail.outbox if messages is None else messages:
        url = re.search(r"https?://\S+", message.body).group(0)
        assert message.to[0] not in tokens, f"{message.to[0]} got two links"
        tokens[message.to[0]] = parse_qs(urlparse(url).query)["t"][0]
    return tokens


def _people(make_person, peers, others):
    return [make_person(Role.PEER) for _ in range(peers)] + [
        make_person(Role.SUPERVISOR) for _ in range(others)
    ]


def test_everyone_who_works_here_gets_one_link_and_only_its_hash_is_kept(
    catalogues, admin_user, make_person, django_capture_on_commit_callbacks
):
    people = _people(make_person, 2, 1)
    elsewhere = UserFactory(organisation=OrganisationFactory(), roles=[Role.PEER])
    StaffProfileFactory(user=elsewhere)
    survey, tokens = _tokens(django_capture_on_commit_callbacks, admin_user)
    assert set(tokens) == {p.email for p in [admin_user, *people]}
    assert (survey.invited, survey.invited_peers) == (4, 2)
    assert SurveyTicket.objects.filter(round=survey).count() == 4
    stored = set(SurveyTicket.objects.values_list("token_hash", flat=True))
    assert not stored & set(tokens.values())
    # A ticket names no person: its only columns are the hash, the round and the group.
    assert {f.name for f in SurveyTicket._meta.concrete_fields} == {"token_hash", "round", "peer"}


def test_a_link_works_once(catalogues, admin_user, make_person, django_capture_on_commit_callbacks):
    _people(make_person, 1, 0)
    survey, tokens = _tokens(django_capture_on_commit_callbacks, admin_user)
    token = next(iter(tokens.values()))
    survey_answer(token=token, answers={"S.1": 4, "R.2": 2})
    response = SurveyResponse.objects.get()
    assert response.answers == {"S.1": 4, "R.2": 2}
    with pytest.raises(ApplicationError, match="used already"):
        survey_answer(token=token, answers={"S.1": 1})
    assert SurveyResponse.objects.count() == 1
    assert survey.invited == 2


def test_answers_outside_the_scale_or_the_instruments_are_refused(
    catalogues, admin_user, django_capture_on_commit_callbacks
):
    _, tokens = _tokens(django_capture_on_commit_callbacks, admin_user)
    token = next(iter(tokens.values()))
    for answers in ({"S.1": 6}, {"S.1": 0}, {"A.1.1": 3}):
        with pytest.raises(ApplicationError, match="five-point scale"):
            survey_answer(token=token, answers=answers)
    assert not SurveyResponse.objects.exists()


def _rows_by_model() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def test_nothing_stored_or_logged_links_an_answer_to_the_person_who_gave_it(
    client, catalogues, admin_user, peer, django_capture_on_commit_callbacks, caplog
):
    """A signed-in peer answers through the page. Afterwards the only change anywhere in
    the database is one response (its group, its answers, a random key) and one ticket
    fewer; the audit trail has no new entry; no log line holds the token or the answers."""
    _, tokens = _tokens(django_capture_on_commit_callbacks, admin_user)
    token = tokens[peer.email]
    client.force_login(peer)
    page = client.get(reverse("readiness:survey-answer"), {"t": token})
    assert "How recovery-oriented is your workplace?" in page.content.decode()
    before, audit_before = _rows_by_model(), LogEntry.objects.count()
    caplog.set_level(logging.DEBUG)
    data = {"token": token, "item_S.1": "5", "item_R.13": "2"}
    response = client.post(reverse("readiness:survey-answer"), data)
    assert response.status_code == 200
    after = _rows_by_model()
    changed = {
        label: after[label] - before[label] for label in after if after[label] != before[label]
    }
    assert changed == {"readiness.SurveyResponse": 1, "readiness.SurveyTicket": -1}
    assert LogEntry.objects.count() == audit_before
    saved = SurveyResponse.objects.get()
    assert {f.name for f in SurveyResponse._meta.concrete_fields} == {
        "id",
        "round",
        "peer",
        "answers",
    }
    # One peer and one other invited: the group would name the person, so none is kept.
    assert (saved.peer, saved.answers) == (None, {"S.1": 5, "R.13": 2})
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert token not in logged
    assert str(saved.pk) not in logged
    assert "/self-assessment/survey/answer/" in logged  # the line is there, without the token
    # The used link is gone: opening it again says so.
    again = client.get(reverse("readiness:survey-answer"), {"t": token})
    assert again.status_code == 404
    assert "This link does not work" in again.content.decode()


def test_groups_are_recorded_only_when_five_peers_and_five_others_are_invited(
    client, catalogues, admin_user, make_person, django_capture_on_commit_callbacks
):
    """With four peers invited (the admin makes a sixth other), no link and no answer
    records a group, so even five answers from everyone offer no comparison; with the
    fifth peer, each link carries its group."""
    peers = [make_person(Role.PEER) for _ in range(MIN_GROUP - 1)]
    others = [make_person(Role.SUPERVISOR) for _ in range(MIN_GROUP)]
    small, tokens = _tokens(django_capture_on_commit_callbacks, admin_user, "Small")
    assert (small.invited, small.invited_peers) == (10, 4)
    assert set(SurveyTicket.objects.filter(round=small).values_list("peer", flat=True)) == {None}
    _answer_all(tokens, peers + others, 3)
    assert set(SurveyResponse.objects.filter(round=small).values_list("peer", flat=True)) == {None}
    results = survey_results(survey=small)
    assert (results.shown, results.grouped, results.compared, results.peers) == (
        True,
        False,
        False,
        0,
    )
    client.force_login(admin_user)
    page = client.get(reverse("readiness:survey-detail", args=[small.pk])).content.decode()
    assert "no answer records its group and no comparison is offered" in page
    assert '<th scope="col">Peers</th>' not in page
    survey_close(survey=small, by=admin_user, today=timezone.localdate())

    peers.append(make_person(Role.PEER))
    large, _ = _tokens(django_capture_on_commit_callbacks, admin_user, "Large")
    groups = list(SurveyTicket.objects.filter(round=large).values_list("peer", flat=True))
    assert sorted(groups) == [False] * (MIN_GROUP + 1) + [True] * MIN_GROUP
    assert survey_results(survey=large).grouped


def _answer_all(tokens, people, value):
    for person in people:
        survey_answer(token=tokens[person.email], answers={"S.1": value, "R.1": value})


def test_no_result_below_five_respondents_and_no_comparison_below_five_a_side(
    client, catalogues, admin_user, make_person, django_capture_on_commit_callbacks
):
    peers = [make_person(Role.PEER) for _ in range(MIN_GROUP)]
    others = [make_person(Role.SUPERVISOR) for _ in range(MIN_GROUP)]
    survey, tokens = _tokens(django_capture_on_commit_callbacks, admin_user)
    _answer_all(tokens, peers[:4], 4)
    results = survey_results(survey=survey)
    assert (results.respondents, results.shown, results.instruments) == (4, False, [])
    client.force_login(admin_user)
    page = client.get(reverse("readiness:survey-detail", args=[survey.pk])).content.decode()
    assert "Results appear once at least 5 people have answered" in page
    assert "Provide services that focus on reducing" not in page

    _answer_all(tokens, peers[4:], 4)
    _answer_all(tokens, others[:4], 2)
    results = survey_results(survey=survey)
    assert (results.shown, results.compared) == (True, False)
    statement = results.instruments[0][1][0]
    assert statement[1:] == (round((5 * 4 + 4 * 2) / 9, 1), None, None)

    _answer_all(tokens, others[4:], 2)
    results = survey_results(survey=survey)
    assert results.compared
    assert results.instruments[0][1][0][1:] == (3.0, 4.0, 2.0)
    assert results.response_rate == round(100 * 10 / 11)
    page = client.get(reverse("readiness:survey-detail", args=[survey.pk])).content.decode()
    assert '<th scope="col">Peers</th>' in page


def test_closing_forgets_the_unused_links_and_rounds_trend(
    catalogues, admin_user, make_person, django_capture_on_commit_callbacks
):
    people = [make_person(Role.PEER) for _ in range(MIN_GROUP)]
    first, tokens = _tokens(django_capture_on_commit_callbacks, admin_user, "First")
    _answer_all(tokens, people, 2)
    survey_close(survey=first, by=admin_user, today=timezone.localdate())
    assert not SurveyTicket.objects.filter(round=first).exists()
    with pytest.raises(ApplicationError):
        survey_answer(token=tokens[admin_user.email], answers={"S.1": 3})
    second, tokens = _tokens(django_capture_on_commit_callbacks, admin_user, "Second")
    _answer_all(tokens, people[:3], 5)
    trend = survey_results(survey=second).trend
    assert [(r.name, n) for r, n, _ in trend] == [("First", 5), ("Second", 3)]
    assert list(trend[0][2].values()) == [2.0, 2.0]
    assert list(trend[1][2].values()) == [None, None]  # under five: not shown
    assert SurveyRound.objects.get(pk=first.pk).state == SurveyRound.State.CLOSED


def test_only_a_program_admin_sends_or_closes_a_survey(
    catalogues, admin_user, supervisor, django_capture_on_commit_callbacks
):
    with pytest.raises(ApplicationError, match="program admin"):
        _open(supervisor)
    survey = _open(admin_user)
    with pytest.raises(ApplicationError, match="program admin"):
        survey_close(survey=survey, by=supervisor, today=timezone.localdate())
    assert survey_item_codes()[:1] == ["S.1"] and len(survey_item_codes()) == 24


def test_the_results_page_costs_the_same_at_5_and_40_responses_and_rounds(
    client, catalogues, admin_user
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(admin_user)
    counts = []
    for total in (5, 40):
        survey = _open(admin_user, f"Round of {total}")
        SurveyResponse.objects.bulk_create(
            [
                SurveyResponse(round=survey, peer=n % 2 == 0, answers={"S.1": 3})
                for n in range(total)
            ]
        )
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("readiness:survey-detail", args=[survey.pk]))
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] and counts[0] <= 14, counts


def test_the_example_proxy_keeps_no_access_log_for_the_answer_page():
    """The token travels in the answer page's query string: the nginx example logs nothing
    of that location, which must follow the page's path."""
    site = (settings.BASE_DIR / "deploy" / "nginx.conf").read_text()
    path = reverse("readiness:survey-answer")
    block = re.search(r"location = " + re.escape(path) + r" \{(.*?)\}", site, re.S)
    assert block, f"deploy/nginx.conf has no exact location for {path}"
    assert re.search(r"^\s*access_log off;", block.group(1), re.M)
    assert "proxy_pass http://peerworks;" in block.group(1)


# --- Sending the links: a job, one person at a time -------------------------------------


def _opened_unsent(admin, django_capture_on_commit_callbacks, name="Spring survey"):
    """Open a round whose job has not run yet (its on-commit queueing is dropped)."""
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False):
        survey = _open(admin, name)
    return survey


@pytest.fixture
def smtp_fails_after(monkeypatch):
    """``smtp_fails_after(n)``: the mail server takes n more emails, then goes away."""

    send = EmailBackend.send_messages

    def fail_after(n):
        taken = []

        def send_messages(self, messages):
            if len(taken) >= n:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            taken.extend(messages)
            return send(self, messages)

        monkeypatch.setattr(EmailBackend, "send_messages", send_messages)

    return fail_after


def test_opening_a_round_sends_nothing_itself_and_owes_everyone_a_link(
    catalogues, admin_user, make_person, django_capture_on_commit_callbacks
):
    people = _people(make_person, 2, 1)
    survey = _opened_unsent(admin_user, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert not SurveyTicket.objects.exists()
    owed = SurveyInvitation.objects.filter(round=survey)
    assert {i.person_id for i in owed} == {p.pk for p in [admin_user, *people]}
    assert (survey.invited, survey_links_owed(survey=survey)) == (4, 4)
    # What is owed names the person and the group their link will carry: no token, no
    # ticket, no time.
    assert {f.name for f in SurveyInvitation._meta.concrete_fields} == {
        "id",
        "round",
        "person",
        "peer",
    }


def test_the_job_sends_each_person_one_working_link_and_running_it_again_sends_nothing(
    catalogues, admin_user, make_person, django_capture_on_commit_callbacks
):
    people = _people(make_person, 3, 2)
    survey = _opened_unsent(admin_user, django_capture_on_commit_callbacks)
    assert survey_invitations_send(survey=survey) == 6
    tokens = _sent_tokens()
    assert set(tokens) == {p.email for p in [admin_user, *people]}
    assert all(survey_ticket_for(token=t) for t in tokens.values())
    assert SurveyTicket.objects.filter(round=survey).count() == 6
    assert survey_links_owed(survey=survey) == 0
    assert survey_invitations_send(survey=survey) == 0
    assert len(mail.outbox) == 6


def test_a_mail_server_failing_midway_loses_no_link_and_the_retry_sends_only_the_rest(
    catalogues, admin_user, make_person, django_capture_on_commit_callbacks, smtp_fails_after
):
    people = _people(make_person, MIN_GROUP, MIN_GROUP)
    everyone = {p.email for p in [admin_user, *people]}
    survey = _opened_unsent(admin_user, django_capture_on_commit_callbacks)
    smtp_fails_after(4)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        survey_invitations_send(survey=survey)
    first = _sent_tokens()
    assert len(first) == 4
    # No ticket without its email: the person whose email failed is still owed.
    assert SurveyTicket.objects.filter(round=survey).count() == 4
    assert all(survey_ticket_for(token=t) for t in first.values())
    assert survey_links_owed(survey=survey) == len(everyone) - 4
    owed = set(SurveyInvitation.objects.values_list("person__email", flat=True))
    assert owed == everyone - set(first)

    smtp_fails_after(10**6)
    assert survey_invitations_send(survey=survey) == len(everyone) - 4
    tokens = _sent_tokens()  # raises if anyone got two links
    assert set(tokens) == everyone and len(mail.outbox) == len(everyone)
    assert all(survey_ticket_for(token=t) for t in tokens.values())
    assert SurveyTicket.objects.filter(round=survey).count() == len(everyone)
    # The groups decided when the round opened are the ones the links carry.
    groups = sorted(SurveyTicket.objects.values_list("peer", flat=True))
    assert groups == [False] * (MIN_GROUP + 1) + [True] * MIN_GROUP
    assert survey_links_owed(survey=survey) == 0


def test_closing_the_round_stops_the_sending_and_owes_nothing(
    catalogues, admin_user, make_person, django_capture_on_commit_callbacks, smtp_fails_after
):
    _people(make_person, 2, 3)
    survey = _opened_unsent(admin_user, django_capture_on_commit_callbacks)
    smtp_fails_after(2)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        survey_invitations_send(survey=survey)
    survey_close(survey=survey, by=admin_user, today=timezone.localdate())
    assert survey_links_owed(survey=survey) == 0
    assert not SurveyTicket.objects.exists()
    smtp_fails_after(10**6)
    assert survey_invitations_send(survey=survey) == 0
    assert len(mail.outbox) == 2


def test_a_round_closed_while_its_job_waits_sends_nothing_and_forgets_who_was_owed(
    catalogues, admin_user, make_person, django_capture_on_commit_callbacks
):
    _people(make_person, 1, 1)
    survey = _opened_unsent(admin_user, django_capture_on_commit_callbacks)
    SurveyRound.objects.filter(pk=survey.pk).update(state=SurveyRound.State.CLOSED)
    assert survey_invitations_send(survey=survey) == 0
    assert mail.outbox == [] and not SurveyTicket.objects.exists()
    assert not SurveyInvitation.objects.exists()


def _values(row) -> set[str]:
    return {str(v) for v in row.values() if v not in (None, "")}


def test_after_the_job_no_row_anywhere_holds_both_a_person_and_a_link(
    catalogues, admin_user, make_person, django_capture_on_commit_callbacks, smtp_fails_after
):
    """Walk every table after the links went out, a retry included: the tokens are
    nowhere, and no row that holds a ticket's hash also names a person (a reference to
    an account, or an email address); nothing is owed any more."""
    people = _people(make_person, MIN_GROUP, MIN_GROUP)
    survey = _opened_unsent(admin_user, django_capture_on_commit_callbacks)
    smtp_fails_after(3)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        survey_invitations_send(survey=survey)
    smtp_fails_after(10**6)
    survey_invitations_send(survey=survey)
    tokens = _sent_tokens()
    hashes = {survey_token_hash(t) for t in tokens.values()}
    assert hashes == set(SurveyTicket.objects.values_list("token_hash", flat=True))
    persons = [admin_user, *people]
    person_marks = {p.email for p in persons}
    user_model = admin_user._meta.model
    for model in apps.get_models():
        refers_to_people = [
            f.attname
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is user_model
        ]
        for row in model._base_manager.values():
            text = repr(row)
            assert not any(t in text for t in tokens.values()), model._meta.label
            if any(h in text for h in hashes):
                assert not refers_to_people, model._meta.label
                assert not _values(row) & person_marks, model._meta.label
                assert not any(m in text for m in person_marks), model._meta.label
    assert not SurveyInvitation.objects.exists()


def test_the_pages_show_how_many_links_are_still_to_send_never_to_whom(
    client, catalogues, admin_user, make_person, django_capture_on_commit_callbacks
):
    people = _people(make_person, 1, 1)
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("readiness:survey-list"), {"name": "Spring survey"})
    survey = SurveyRound.objects.get()
    page = client.get(response.url).content.decode()
    assert "links are being sent to 3 people" in page
    assert "3 of 3 still to send" in page
    assert not any(p.get_full_name() in page or p.email in page for p in people)
    listed = client.get(reverse("readiness:survey-list")).content.decode()
    assert "(3 still to send)" in listed
    survey_invitations_send(survey=survey)
    page = client.get(reverse("readiness:survey-detail", args=[survey.pk])).content.decode()
    assert "still to send" not in page
    assert "still to send" not in client.get(reverse("readiness:survey-list")).content.decode()


def test_after_the_retries_ran_out_an_admin_sends_the_rest_again(
    client,
    catalogues,
    admin_user,
    supervisor,
    make_person,
    django_capture_on_commit_callbacks,
    smtp_fails_after,
):
    people = _people(make_person, 2, 2)
    everyone = {p.email for p in [admin_user, supervisor, *people]}
    survey = _opened_unsent(admin_user, django_capture_on_commit_callbacks)
    smtp_fails_after(2)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        survey_invitations_send(survey=survey)
    with pytest.raises(ApplicationError, match="program admin"):
        survey_invitations_resume(survey=survey, by=supervisor)
    smtp_fails_after(10**6)
    client.force_login(admin_user)
    page = client.get(reverse("readiness:survey-detail", args=[survey.pk])).content.decode()
    assert f"{len(everyone) - 2} of {len(everyone)} still to send" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("readiness:survey-send", args=[survey.pk]))
    assert response.status_code == 302
    tokens = _sent_tokens()  # raises if anyone got two links
    assert set(tokens) == everyone
    assert all(survey_ticket_for(token=t) for t in tokens.values())
    assert survey_links_owed(survey=survey) == 0
    page = client.get(response.url).content.decode()
    assert f"Sending the {len(everyone) - 2} links still to send" in page
    assert "Send the rest again" not in page
    survey_close(survey=survey, by=admin_user, today=timezone.localdate())
    with pytest.raises(ApplicationError, match="closed"):
        survey_invitations_resume(survey=survey, by=admin_user)


def test_the_sweep_queues_again_each_open_round_that_still_owes_links(
    catalogues, admin_user, make_person, django_capture_on_commit_callbacks, smtp_fails_after
):
    from unittest import mock

    from readiness import tasks
    from readiness.services import survey_invitations_requeue

    _people(make_person, 2, 2)
    owing = _opened_unsent(admin_user, django_capture_on_commit_callbacks, "Spring")
    closed = _opened_unsent(admin_user, django_capture_on_commit_callbacks, "Summer")
    survey_close(survey=closed, by=admin_user, today=timezone.localdate())
    sent = _opened_unsent(admin_user, django_capture_on_commit_callbacks, "Autumn")
    survey_invitations_send(survey=sent)
    # The mail server went away after two links of the first round: its job gave up.
    smtp_fails_after(2)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        survey_invitations_send(survey=owing)
    smtp_fails_after(10**6)
    with mock.patch.object(tasks.survey_invitations_send, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            assert survey_invitations_requeue() == 1
    delay.assert_called_once_with(owing.pk)
    # Run by the worker (here, at once): the rest go out, and nothing is owed any more.
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.requeue_unsent_survey_links.apply().get() == 1
    assert survey_links_owed(survey=owing) == 0
    with mock.patch.object(tasks.survey_invitations_send, "delay") as delay:
        assert survey_invitations_requeue() == 0
    delay.assert_not_called()
