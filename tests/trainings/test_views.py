import csv
import io
from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.pdfs.renderer import pdf_html
from people.roles import Role
from tests.evaluations.conftest import make_submitted_evaluation
from trainings.models import Attendance, Course, Enrolment, Session, TrainingPdf, TrainingSettings
from trainings.pdf import TRAINING_PDF
from trainings.services.attendance import Mark, attendance_record

from .conftest import _complete_for_views, enrol, make_session, move_to_past


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("rows", [1, 50])
def test_session_list_and_calendar_query_counts_are_flat(
    client, trainings, peer, rows, django_assert_num_queries
):
    for n in range(rows):
        session = make_session(trainings, "wrap-seminar-1", in_days=5 + n)
        # Rows only: the service gives one place per course, so the peer's places are made
        # directly (the list shows the peer's status on every row).
        Enrolment.objects.create(
            session=session, person=peer, status=Enrolment.Status.ENROLLED, enrolled_by=peer
        )
    client.force_login(peer)
    # The list is paginated: one count query, then the page.
    with django_assert_num_queries(6):
        response = client.get(reverse("trainings:session-list"))
    assert response.content.decode().count("WRAP®, Seminar I") >= min(rows, 25)
    month = (timezone.localdate() + timedelta(days=5)).strftime("%Y-%m")
    with django_assert_num_queries(4):
        client.get(reverse("trainings:session-calendar") + f"?month={month}")


@pytest.mark.parametrize("rows", [1, 50])
def test_detail_attendance_and_transcript_query_counts_are_flat(
    client, trainings, make_person, rows, django_assert_num_queries
):
    session = make_session(trainings, "mindful-workforce")
    people = [make_person(Role.PEER) for _ in range(rows)]
    for person in people:
        enrol(session, person)
        _complete_for_views(trainings, person)
    client.force_login(trainings)
    # One of them reads the agency's completion rule, stated on the page.
    with django_assert_num_queries(11):
        assert client.get(reverse("trainings:session-detail", args=[session.pk])).status_code == 200
    with django_assert_num_queries(7):
        client.get(reverse("trainings:session-attendance", args=[session.pk]))
    with django_assert_num_queries(7):
        client.get(reverse("trainings:transcript", args=[people[0].pk]))
    with django_assert_num_queries(9):
        response = client.get(reverse("trainings:course-list"))
    html = response.content.decode()
    assert "WISE Peer Orientation Program" in html and "MHSA Principles" in html


@pytest.mark.parametrize("rows", [1, 50])
def test_suggestions_query_count_is_flat(
    client, trainings, peer, supervisor, rows, django_assert_num_queries
):
    make_submitted_evaluation(peer, supervisor)
    from evaluations.models import EvaluationItem, Rating

    EvaluationItem.objects.filter(section__code__in=["III", "IX", "IV"]).update(
        rating=Rating.DEVELOPING
    )
    for n in range(rows):
        make_session(trainings, "sharing-your-story", in_days=6 + n)
        make_session(trainings, "lgbtq-awareness", in_days=6 + n)
    client.force_login(supervisor)
    # Three of them: the courses completed, the prerequisites, the places already held.
    with django_assert_num_queries(11):
        response = client.get(reverse("trainings:suggestions", args=[peer.pk]))
    html = response.content.decode()
    assert "Sharing Your Story Skillfully" in html and "LGBTQ Awareness" in html
    assert "inspire, connect, and give hope" in html


def test_supervisor_enrols_a_peer_from_suggestions_in_one_step(client, trainings, peer, supervisor):
    session = make_session(trainings, "sharing-your-story")
    client.force_login(supervisor)
    back = reverse("trainings:suggestions", args=[peer.pk])
    response = client.post(
        reverse("trainings:session-enrol", args=[session.pk]), {"person": peer.pk, "next": back}
    )
    assert response.status_code == 302 and response["Location"] == back
    enrolment = Enrolment.objects.get()
    assert (enrolment.person, enrolment.enrolled_by) == (peer, supervisor)


def test_peer_enrols_self_and_sees_it_on_home(client, trainings, peer):
    session = make_session(trainings, "recovery-101")
    client.force_login(peer)
    response = client.post(reverse("trainings:session-enrol", args=[session.pk]))
    assert "You are enrolled in Recovery 101." in _messages(response)
    home = client.get(reverse("home")).content.decode()
    assert "Recovery 101" in home and "not enrolled in any training" not in home


def test_prerequisite_refusal_is_shown(client, trainings, peer):
    session = make_session(trainings, "wrap-seminar-2")
    client.force_login(peer)
    response = client.post(reverse("trainings:session-enrol", args=[session.pk]))
    assert any("WRAP®, Seminar I" in m for m in _messages(response))
    assert not Enrolment.objects.exists()


def test_audience_warning_is_shown(client, trainings, supervisor):
    session = make_session(trainings, "advocacy-101")
    client.force_login(supervisor)
    response = client.post(reverse("trainings:session-enrol", args=[session.pk]))
    assert any("meant for peer staff" in m for m in _messages(response))
    assert Enrolment.objects.get().status == Enrolment.Status.ENROLLED


def test_peer_cannot_enrol_someone_else(client, trainings, peer, make_person):
    session = make_session(trainings)
    other = make_person(Role.PEER)
    client.force_login(peer)
    response = client.post(
        reverse("trainings:session-enrol", args=[session.pk]), {"person": other.pk}
    )
    assert any("may not enrol" in m for m in _messages(response))
    assert not Enrolment.objects.exists()


def test_an_enrol_refusal_names_no_one_and_matches_an_unknown_id(
    client, trainings, peer, make_person
):
    """Trying ids one by one must not list who has an account."""
    session = make_session(trainings)
    other = make_person(Role.PEER)
    url = reverse("trainings:session-enrol", args=[session.pk])
    answers = []
    for person in (other.pk, 99999999, "abc"):
        client = Client()
        client.force_login(peer)
        response = client.post(url, {"person": person})
        answers.append((response.status_code, response["Location"], _messages(response)))
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][2] == ["You may not enrol this person."]
    assert other.first_name not in answers[0][2][0] and other.last_name not in answers[0][2][0]
    assert not Enrolment.objects.exists()


def test_hr_records_attendance_and_bad_input_keeps_what_was_typed(client, trainings, peers):
    session = make_session(trainings, "recovery-101")
    enrolments = [enrol(session, p) for p in peers[:2]]
    move_to_past(session)
    slot = session.slots.get()
    client.force_login(trainings)
    url = reverse("trainings:session-attendance", args=[session.pk])
    bad = {
        f"status-{enrolments[0].pk}-{slot.pk}": "present",
        f"status-{enrolments[1].pk}-{slot.pk}": "partial",
        f"hours-{enrolments[1].pk}-{slot.pk}": "",
    }
    response = client.post(url, bad)
    assert response.status_code == 200
    assert not Attendance.objects.exists()
    assert 'value="partial" selected' in response.content.decode()
    # 3.5 of 4 hours is above the agency's default share (80%): completed, 3.5 credited.
    bad[f"hours-{enrolments[1].pk}-{slot.pk}"] = "3.5"
    response = client.post(url, bad)
    assert response.status_code == 302
    assert sorted(Enrolment.objects.values_list("hours_credited", flat=True)) == [3.5, 4]


def test_ics_download(client, trainings, peer):
    session = make_session(trainings, "wrap-seminar-1")
    client.force_login(peer)
    response = client.get(reverse("trainings:session-ics", args=[session.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode().count("BEGIN:VEVENT") == 2


def test_transcript_csv(client, trainings, peer):
    _complete_for_views(trainings, peer)
    client.force_login(peer)
    response = client.get(reverse("trainings:transcript-csv", args=[peer.pk]))
    lines = response.content.decode().splitlines()
    # Every cell quoted (core.spreadsheets), so no separator can start a new one.
    assert lines[0] == '"Course","Group","First day","Last day","Status","Hours"'
    assert '"Recovery 101","WISE Core Curriculum"' in lines[1] and lines[1].endswith(',"4.0"')
    assert lines[-1] == '"Total hours","","","","","4.0"'


def test_transcript_csv_writes_a_formula_shaped_title_as_text(client, trainings, peer):
    session = _complete_for_views(trainings, peer)
    Course.objects.filter(pk=session.course_id).update(title='=HYPERLINK("http://x.example")')
    client.force_login(peer)
    response = client.get(reverse("trainings:transcript-csv", args=[peer.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0] == """'=HYPERLINK("http://x.example")"""


def test_hr_sees_the_under_minimum_flag_and_can_cancel(client, trainings, peer):
    session = make_session(trainings, in_days=2)  # deadline today, minimum 10
    enrol(session, peer)
    Session.objects.filter(pk=session.pk).update(enrolment_deadline=timezone.localdate())
    client.force_login(trainings)
    assert (
        "Below minimum (1 of 10)" in client.get(reverse("trainings:session-list")).content.decode()
    )
    client.post(reverse("trainings:session-cancel", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED


def test_hr_schedules_a_session(client, trainings):
    from trainings.models import Course

    client.force_login(trainings)
    first = timezone.localdate() + timedelta(days=20)
    response = client.post(
        reverse("trainings:session-create"),
        {
            "course": Course.objects.get(code="wrap-seminar-1").pk,
            "first_day": first.isoformat(),
            "days": 2,
            "starts": "09:00",
            "ends": "17:00",
            "location": "Main office",
            "enrolment_deadline": (first - timedelta(days=7)).isoformat(),
        },
    )
    session = Session.objects.get()
    assert response["Location"] == reverse("trainings:session-detail", args=[session.pk])
    assert session.capacity == 18 and session.slots.count() == 2
    response = client.post(
        reverse("trainings:session-create"),
        {
            "course": Course.objects.get(code="wrap-seminar-1").pk,
            "first_day": first.isoformat(),
            "days": 1,
            "starts": "09:00",
            "ends": "17:00",
            "enrolment_deadline": (first - timedelta(days=7)).isoformat(),
        },
    )
    assert "Give a place or an online link." in response.content.decode()
    assert Session.objects.count() == 1


def test_transcript_draws_hours_by_group_and_year(client, trainings, peer):
    _complete_for_views(trainings, peer)
    client.force_login(peer)
    response = client.get(reverse("trainings:transcript", args=[peer.pk]))
    body = response.content.decode()
    assert ' style="' not in body
    start = body.index('id="training-hours"')
    chart = body[start : body.index("</svg>", start)]
    assert 'role="img"' in chart
    assert "Training hours by course group and year</title>" in chart
    transcript = response.context["transcript"]
    [year] = transcript.years
    hours = float(transcript.total)
    group = next(g for g in transcript.groups if transcript.group_totals.get(g.code))
    assert f"{year}: " in chart and f"{group.title} {hours:g}" in chart
    assert f">{hours:g}<" in chart and f">{year}<" in chart
    # The table gives the same numbers after the picture.
    assert "<table" in body[body.index("</svg>") :]


def test_transcript_without_hours_draws_nothing(client, peer):
    client.force_login(peer)
    body = client.get(reverse("trainings:transcript", args=[peer.pk])).content.decode()
    assert "<svg" not in body and "No hours credited yet." in body


@pytest.mark.parametrize("years", [1, 3])
def test_transcript_query_count_is_flat_across_years_of_trainings(
    client, trainings, peer, years, django_assert_num_queries
):
    from trainings.services.attendance import Mark, attendance_record

    for n, code in enumerate(["recovery-101", "mindful-workforce", "sharing-your-story"][:years]):
        session = make_session(trainings, code)
        enrolment = enrol(session, peer)
        move_to_past(session, days_ago=3 + 366 * n)
        marks = {(enrolment.pk, s.pk): Mark("present") for s in session.slots.all()}
        attendance_record(session=session, marks=marks, by=trainings)
    client.force_login(peer)
    with django_assert_num_queries(7):
        response = client.get(reverse("trainings:transcript", args=[peer.pk]))
    assert len(response.context["transcript"].years) == years
    assert response.content.decode().count("<svg") == 1


def test_cancelling_a_place_asks_first(client, trainings, peer):
    session = make_session(trainings)
    enrolment = enrol(session, peer)
    client.force_login(peer)
    detail = reverse("trainings:session-detail", args=[session.pk])
    page = client.get(detail).content.decode()
    confirm = reverse("trainings:enrolment-cancel", args=[enrolment.pk])
    # The button on the session page only leads to the question; it cancels nothing.
    assert f'href="{confirm}?next=' in page
    response = client.get(confirm, {"next": detail})
    html = response.content.decode()
    assert "Cancel your place?" in html and "Yes, cancel my place" in html
    assert f'href="{detail}"' in html  # "No, keep it" goes back
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.ENROLLED
    response = client.post(confirm, {"next": detail})
    assert response.status_code == 302 and response.url == detail
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.CANCELLED
    assert "nothing to cancel" in client.get(confirm).content.decode()


def test_someone_else_cannot_see_the_cancel_question(client, trainings, peer, make_person):
    enrolment = enrol(make_session(trainings), peer)
    client.force_login(make_person(Role.PEER))
    url = reverse("trainings:enrolment-cancel", args=[enrolment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.ENROLLED


def test_cancel_question_query_count_is_flat(client, trainings, peers, django_assert_num_queries):
    session = make_session(trainings, "mindful-workforce", capacity=1)  # two days
    enrolments = [enrol(session, p) for p in peers]
    client.force_login(trainings)
    for enrolment in (enrolments[0], enrolments[-1]):
        with django_assert_num_queries(5):
            response = client.get(reverse("trainings:enrolment-cancel", args=[enrolment.pk]))
        assert response.status_code == 200


def test_hr_raises_the_seats_and_the_waitlist_moves_up(client, trainings, peers):
    session = make_session(trainings, capacity=1)
    enrolments = [enrol(session, p) for p in peers[:3]]
    client.force_login(trainings)
    page = client.get(reverse("trainings:session-detail", args=[session.pk])).content.decode()
    assert 'name="capacity"' in page
    response = client.post(
        reverse("trainings:session-capacity", args=[session.pk]), {"capacity": "2"}, follow=True
    )
    assert "1 person moved from the waitlist" in response.content.decode()
    statuses = [Enrolment.objects.get(pk=e.pk).status for e in enrolments]
    assert statuses == ["enrolled", "enrolled", "waitlisted"]
    response = client.post(
        reverse("trainings:session-capacity", args=[session.pk]), {"capacity": "1"}, follow=True
    )
    assert "2 people are enrolled" in response.content.decode()
    assert Session.objects.get(pk=session.pk).capacity == 2


def test_session_page_states_the_agency_rule(client, trainings, peer, admin_user):
    session = make_session(trainings, "recovery-101", starts=time(13), ends=time(16))
    client.force_login(peer)
    html = client.get(reverse("trainings:session-detail", args=[session.pk])).content.decode()
    assert "Attend at least 80% of the 3.0 hours (2.4 hours)" in html
    client.force_login(admin_user)
    response = client.post(reverse("trainings:settings"), {"completion_percent": "75"})
    assert response.status_code == 302
    client.force_login(peer)
    html = client.get(reverse("trainings:session-detail", args=[session.pk])).content.decode()
    assert "Attend at least 75% of the 3.0 hours (2.3 hours)" in html


def test_settings_form_refuses_a_share_out_of_range(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("trainings:settings"), {"completion_percent": "0"})
    assert response.status_code == 200
    assert "greater than or equal to 1" in response.content.decode()
    assert not TrainingSettings.objects.exists()


def test_settings_page_query_count(client, admin_user, django_assert_num_queries):
    client.force_login(admin_user)
    with django_assert_num_queries(4):
        response = client.get(reverse("trainings:settings"))
    assert 'value="80"' in response.content.decode()


def test_certificate_states_the_rule_applied(trainings, peer):
    session = make_session(trainings, "recovery-101")
    enrolment = enrol(session, peer)
    move_to_past(session)
    key = (enrolment.pk, session.slots.get().pk)
    attendance_record(session=session, marks={key: Mark("partial", "3.5")}, by=trainings)
    pdf = TrainingPdf.objects.get(enrolment=enrolment)
    html = pdf_html(*TRAINING_PDF.source(pdf))
    assert "Attended 3.5 of the session's 4.0 hours" in html
    assert "at least 80% of its hours" in html


def _edit_post(session, days, location="Main office, room 2", initial=None):
    """The edit form as posted: the place, then one row per day (date, start, end)."""
    data = {
        "location": location,
        "online_url": "",
        "days-TOTAL_FORMS": str(len(days)),
        "days-INITIAL_FORMS": str(len(days) if initial is None else initial),
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "10",
    }
    for n, row in enumerate(days):
        day, starts, ends, *delete = row
        data |= {f"days-{n}-day": day, f"days-{n}-starts": starts, f"days-{n}-ends": ends}
        if delete:
            data[f"days-{n}-DELETE"] = "on"
    return data


@pytest.mark.parametrize("rows", [1, 50])
def test_session_edit_page_shows_its_days_with_a_flat_query_count(
    client, trainings, make_person, rows, django_assert_num_queries
):
    session = make_session(trainings, "wrap-seminar-1")
    for _ in range(rows):
        enrol(session, make_person(Role.PEER))
    client.force_login(trainings)
    detail = client.get(reverse("trainings:session-detail", args=[session.pk])).content.decode()
    url = reverse("trainings:session-edit", args=[session.pk])
    assert f'href="{url}"' in detail
    with django_assert_num_queries(5):
        response = client.get(url)
    html = response.content.decode()
    first = timezone.localtime(session.slots.first().starts_at).date().isoformat()
    assert f'value="{first}"' in html and 'name="days-2-day"' in html
    assert "Add a day" in html and 'value="Main office, room 2"' in html


def test_only_the_sessions_hr_sees_the_edit_link(client, trainings, peer):
    session = make_session(trainings)
    client.force_login(peer)
    detail = client.get(reverse("trainings:session-detail", args=[session.pk])).content.decode()
    assert reverse("trainings:session-edit", args=[session.pk]) not in detail
    assert client.get(reverse("trainings:session-edit", args=[session.pk])).status_code == 403


def test_hr_moves_a_session_and_its_calendar_follows(client, trainings, peers):
    session = make_session(trainings, "recovery-101")
    enrol(session, peers[0])
    day = (timezone.localdate() + timedelta(days=30)).isoformat()
    client.force_login(trainings)
    response = client.post(
        reverse("trainings:session-edit", args=[session.pk]),
        _edit_post(session, [(day, "13:00", "15:30")], location="Annex"),
        follow=True,
    )
    assert "everyone enrolled or waitlisted is emailed" in " ".join(_messages(response))
    slot = session.slots.get()
    assert timezone.localtime(slot.starts_at).date().isoformat() == day
    assert slot.hours == Decimal("2.5")
    ics = client.get(reverse("trainings:session-ics", args=[session.pk])).content.decode()
    assert "SEQUENCE:1\r\n" in ics and "LOCATION:Annex\r\n" in ics
    # The same again: nothing changed, nothing sent, nothing counted.
    response = client.post(
        reverse("trainings:session-edit", args=[session.pk]),
        _edit_post(session, [(day, "13:00", "15:30")], location="Annex"),
        follow=True,
    )
    assert "Nothing changed." in _messages(response)
    assert Session.objects.get(pk=session.pk).changes == 1


def test_the_edit_page_shows_what_was_refused(client, trainings):
    session = make_session(trainings)
    url = reverse("trainings:session-edit", args=[session.pk])
    client.force_login(trainings)
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(url, _edit_post(session, [(past, "09:00", "10:00")]))
    assert response.status_code == 200
    assert "A day cannot be in the past." in response.content.decode()
    later = (timezone.localdate() + timedelta(days=20)).isoformat()
    response = client.post(url, _edit_post(session, [(later, "09:00", "10:00", "delete")]))
    assert "A session runs on at least one day." in response.content.decode()
    response = client.post(url, _edit_post(session, [(later, "11:00", "10:00")]))
    assert "Each day must end after it starts." in response.content.decode()
    assert Session.objects.get(pk=session.pk).changes == 0
