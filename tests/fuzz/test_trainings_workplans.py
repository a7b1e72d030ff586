"""Fuzzing trainings (session create, enrolment, attendance), work plans (create, edit,
sign, steps, meetings) and the catalogue import upload."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from competencies.models import CatalogueImport, Framework, Item
from tests.trainings.conftest import enrol, make_session, move_to_past
from trainings.models import Attendance, Course, Enrolment, Session
from workplans.models import FollowUpMeeting, ImmediateStep, WorkPlan
from workplans.services.plans import signed_text_fingerprint, workplan_create

from .conftest import (
    FUZZ,
    NASTY,
    base_people,
    extra_fields,
    field,
    post,
    post_data,
    rolled_back,
    scalar,
    signed_in,
)

pytestmark = [pytest.mark.usefixtures("frozen_module"), pytest.mark.django_db]

TEXTS = ["", "Practise the intake conversation.", "  "]


@pytest.fixture(scope="module")
def world(module_db):
    people = base_people()
    hr, peer, supervisor = people["hr"], people["peer"], people["supervisor"]
    upcoming = make_session(hr)
    past = make_session(hr)
    enrolment = enrol(past, peer)
    move_to_past(past, days_ago=3)
    plan = workplan_create(
        employee=peer, manager=supervisor, start_date=date(2026, 1, 5), end_date=date(2026, 4, 5)
    )
    return {**people, "upcoming": upcoming, "past": past, "enrolment": enrolment, "plan": plan}


def test_session_create(world, client):
    client.force_login(world["hr"])
    course = Course.objects.get(code="recovery-101")
    soon = timezone.localdate() + timedelta(days=20)

    @FUZZ
    @given(
        data=st.fixed_dictionaries(
            {
                "course": field(str(course.pk)),
                "first_day": field(str(soon)),
                "days": field("1", "2", "10", "11"),
                "starts": field("09:00", "13:00"),
                "ends": field("13:00", "09:00"),
                "location": field("Room 2"),
                "online_url": field("https://meet.example.org/x", "javascript:alert(1)"),
                "trainer": field("Alex"),
                "capacity": field("", "12", "32768", "2147483648"),
                "minimum": field("", "3", "40"),
                "enrolment_deadline": field(str(soon - timedelta(days=3))),
            }
        ),
        extra=extra_fields,
    )
    @example(
        data={
            "course": str(course.pk),
            "first_day": str(soon),
            "days": "1",
            "starts": "09:00",
            "ends": "13:00",
            "capacity": "2147483648",
            "enrolment_deadline": str(soon),
        },
        extra={},
    )
    def check(data, extra):
        with rolled_back():
            count = Session.objects.count()
            response = post(client, reverse("trainings:session-create"), post_data(data, extra))
            if response.status_code == 302:
                session = Session.objects.latest("pk")
                assert Session.objects.count() == count + 1
                assert 1 <= session.slots.count() <= 10
                assert all(s.ends_at > s.starts_at for s in session.slots.all())
                assert session.capacity >= 1 and session.minimum >= 1
                assert "\x00" not in session.location + session.trainer
                assert not session.online_url or session.online_url.startswith("http")
            else:
                assert Session.objects.count() == count

    check()


def test_enrol(world):
    clients = {who: signed_in(world[who]) for who in ("peer", "supervisor", "admin", "hr")}
    session = world["upcoming"]
    ids = [str(world[k].pk) for k in ("peer", "hr", "admin")]

    @FUZZ
    @given(
        who=st.sampled_from(sorted(clients)),
        data=st.fixed_dictionaries({"person": field(*ids), "next": field("/", "//evil.example")}),
    )
    @example(who="peer", data={"person": "abc"})
    @example(who="peer", data={"next": "a\x00b"})
    @example(who="supervisor", data={"next": "transcripts"})
    @example(who="admin", data={"person": "99999999999999999999999"})
    def check(who, data):
        client, user = clients[who], world[who]
        with rolled_back():
            url = reverse("trainings:session-enrol", args=[session.pk])
            response = post(client, url, post_data(data, {}))
            assert response.status_code in (302, 404)
            if response.status_code == 302:
                assert not response["Location"].startswith("//")
            for enrolment in Enrolment.objects.filter(session=session):
                # Only oneself, one's reports (supervisors) or anyone (HR) may be enrolled.
                person = enrolment.person
                assert (
                    person == user
                    or who == "hr"
                    or (who == "supervisor" and person.profile.supervisor_id == user.pk)
                ), f"{who} enrolled {person}"

    check()


def test_attendance(world, client):
    client.force_login(world["hr"])
    session, enrolment = world["past"], world["enrolment"]
    slots = [str(s.pk) for s in session.slots.all()]
    keys = [f"{enrolment.pk}-{slot}" for slot in slots]
    name = st.one_of(
        st.sampled_from([f"status-{k}" for k in keys]),
        st.sampled_from(["status-", "status-1", "status-1-2-3", "status-x-y", "status--"]),
        st.text(max_size=12).map(lambda s: "status-" + s),
    )
    value = st.one_of(st.sampled_from(Attendance.Status.values), scalar)

    @FUZZ
    @given(
        marks=st.dictionaries(name, value, max_size=4),
        hours=st.dictionaries(st.sampled_from([f"hours-{k}" for k in keys]), scalar, max_size=2),
    )
    @example(marks={"status-1-2-3": "present"}, hours={})
    @example(marks={"status-x-y": "present"}, hours={})
    @example(marks={"status-²-1": "present"}, hours={})
    def check(marks, hours):
        with rolled_back():
            url = reverse("trainings:session-attendance", args=[session.pk])
            response = post(client, url, {**marks, **hours})
            assert response.status_code in (200, 302)
            for record in Attendance.objects.filter(enrolment__session=session):
                assert record.status in Attendance.Status.values
                assert record.hours is None or 0 <= record.hours <= 24
            e = Enrolment.objects.get(pk=enrolment.pk)
            assert e.hours_credited is None or e.hours_credited >= 0

    check()


def test_workplan_edit(world, client):
    plan = world["plan"]
    client.force_login(world["supervisor"])
    points = [f"point_{a.point_id}" for a in plan.answers.all()[:4]]
    numbers = ["", "1", "2", "30", "32767", "32768", "99999999999"]

    @st.composite
    def posts(draw):
        data = {
            "start_date": draw(field("2026-01-05", "2026-05-01")),
            "end_date": draw(field("2026-04-05", "2025-01-01")),
            "expiration": draw(field("2026-04-05", "")),
            "meeting_every": draw(field(*numbers)),
            "meeting_day": draw(field(*numbers)),
            "meeting_time": draw(field("09:30", "")),
            "meeting_minutes": draw(field(*numbers)),
        }
        for name in ("overview", "background", "performance_issues", "needs_practical"):
            data[name] = draw(field(*TEXTS))
        for name in points:
            data[name] = draw(field("yes", "no", ""))
        return post_data(data, draw(extra_fields))

    @FUZZ
    @given(data=posts())
    @example(
        data={"start_date": "2026-01-05", "end_date": "2026-04-05", "meeting_minutes": "99999"}
    )
    def check(data):
        with rolled_back():
            before = WorkPlan.objects.get(pk=plan.pk)
            response = post(client, reverse("workplans:workplan-edit", args=[plan.pk]), data)
            after = WorkPlan.objects.get(pk=plan.pk)
            if response.status_code == 302:
                assert after.end_date >= after.start_date
                for name in ("overview", "background", "performance_issues"):
                    assert "\x00" not in getattr(after, name)
                for name in ("meeting_every", "meeting_day", "meeting_minutes"):
                    assert getattr(after, name) is None or 0 <= getattr(after, name) <= 32767
            else:
                assert after.revision == before.revision

    check()


def test_workplan_sign(world):
    plan = world["plan"]
    clients = {who: signed_in(world[who]) for who in ("peer", "supervisor")}
    names = [world[who].get_full_name() for who in ("peer", "supervisor")]

    @FUZZ
    @given(
        who=st.sampled_from(sorted(clients)),
        data=st.fixed_dictionaries(
            {
                "signature": field(*names, names[0].lower(), "Someone Else"),
                "comments": field(*TEXTS),
                "fingerprint": field(signed_text_fingerprint(plan)),
            }
        ),
        extra=extra_fields,
    )
    def check(who, data, extra):
        client, user = clients[who], world[who]
        name = user.get_full_name()
        with rolled_back():
            url = reverse("workplans:workplan-sign", args=[plan.pk])
            response = post(client, url, post_data(data, extra))
            after = WorkPlan.objects.get(pk=plan.pk)
            role = "employee" if who == "peer" else "manager"
            signature = getattr(after, f"{role}_signature")
            if getattr(after, f"{role}_signed_at"):
                # Signed only by typing one's own name (case and spacing aside).
                assert response.status_code == 302
                folded = " ".join(signature.split()).casefold()
                assert folded in (name.casefold(), user.username.casefold())
                assert "\x00" not in after.employee_comments
            else:
                assert not signature

    check()


def test_workplan_steps_and_meetings(world, client):
    plan = world["plan"]
    client.force_login(world["supervisor"])
    owners = [str(world["peer"].pk), str(world["supervisor"].pk), str(world["hr"].pk)]
    kinds = ["workplan-step-create", "workplan-meeting-create", "workplan-step-done"]

    @FUZZ
    @given(
        kind=st.sampled_from(kinds),
        data=st.fixed_dictionaries(
            {
                "text": field("Shadow a group session"),
                "owner": field(*owners),
                "due_date": field("2026-02-01"),
                "date": field("2026-02-15"),
                "notes": field(*TEXTS),
                "employee_attended": field("on"),
                "manager_attended": field("on"),
                "others_attending": field("The team lead"),
                "done": field("1", "0"),
            }
        ),
        extra=extra_fields,
    )
    def check(kind, data, extra):
        with rolled_back():
            steps, meetings = ImmediateStep.objects.count(), FollowUpMeeting.objects.count()
            if kind == "workplan-step-done":
                step = ImmediateStep.objects.filter(plan=plan).first()
                if step is None:
                    return
                url = reverse(f"workplans:{kind}", args=[plan.pk, step.pk])
            else:
                url = reverse(f"workplans:{kind}", args=[plan.pk])
            response = post(client, url, post_data(data, extra))
            if response.status_code != 302:
                assert ImmediateStep.objects.count() == steps
                assert FollowUpMeeting.objects.count() == meetings
            for step in ImmediateStep.objects.filter(plan=plan):
                assert step.owner_id in (plan.employee_id, plan.manager_id)
                assert step.text.strip() and "\x00" not in step.text
            for meeting in FollowUpMeeting.objects.filter(plan=plan):
                assert "\x00" not in meeting.notes + meeting.others_attending

    check()


def test_workplan_create(world, client):
    client.force_login(world["supervisor"])

    @FUZZ
    @given(
        data=st.fixed_dictionaries(
            {
                "employee": field(str(world["peer"].pk), str(world["hr"].pk)),
                "start_date": field("2026-06-01"),
                "end_date": field("2026-09-01", "2026-05-01"),
            }
        ),
        extra=extra_fields,
    )
    def check(data, extra):
        with rolled_back():
            count = WorkPlan.objects.count()
            response = post(client, reverse("workplans:workplan-create"), post_data(data, extra))
            if response.status_code == 302:
                plan = WorkPlan.objects.latest("pk")
                assert WorkPlan.objects.count() == count + 1
                assert plan.employee == world["peer"] and plan.end_date >= plan.start_date
            else:
                assert WorkPlan.objects.count() == count

    check()


def _csv(rows):
    header = "framework,domain_code,domain_title,item_code,item_text,order\n"
    return (header + "\n".join(",".join(r) for r in rows)).encode()


@override_settings(CATALOGUE_UPLOAD_MAX_BYTES=4096)
def test_catalogue_import_upload(world, client):
    client.force_login(world["admin"])
    cell = st.one_of(st.sampled_from(NASTY[:20]), st.text(max_size=10))
    csv_files = st.lists(st.lists(cell, min_size=0, max_size=7), max_size=4).map(
        lambda rows: _csv([[c.replace(",", ";").replace("\n", " ") for c in r] for r in rows])
    )
    json_files = st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=10),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=10,
    ).map(lambda v: __import__("json").dumps(v).encode())
    raw = st.binary(max_size=200) | st.just(b"x" * 5000) | st.just(b"\xff\xfe\x00garbage")
    counts = lambda: (Framework.objects.count(), Item.objects.count())  # noqa: E731

    @FUZZ
    @given(
        content=st.one_of(csv_files, json_files, raw),
        filename=st.sampled_from(["catalogue.csv", "catalogue.json", "catalogue.exe", "c.CSV", ""]),
        as_new_version=field("on"),
    )
    @example(content=b"x" * 5000, filename="big.csv", as_new_version=None)
    @example(
        content=b'[{"model": "competencies.framework", "fields": {"slug": "a\\u0000"}}]',
        filename="n.json",
        as_new_version=None,
    )
    def check(content, filename, as_new_version):
        with rolled_back():
            before, imports = counts(), CatalogueImport.objects.count()
            data = {"file": SimpleUploadedFile(filename or "x", content)}
            if as_new_version is not None:
                data["as_new_version"] = as_new_version
            response = post(client, reverse("competencies:import-create"), data)
            # Uploading only previews: the catalogue itself never changes here.
            assert counts() == before
            if response.status_code == 302:
                assert CatalogueImport.objects.count() == imports + 1
                assert len(content) <= 4096
            else:
                assert CatalogueImport.objects.count() == imports

    check()


def test_calendar_month(world, client):
    """The month shown comes from the query string: any value shows some month."""
    client.force_login(world["peer"])

    @FUZZ
    @given(month=field("2026-12", "1-1", "9999-12", "10000-1", "2026-0", "2026-13", "-1--1"))
    @example(month="9999-12")
    @example(month="1-1")
    def check(month):
        params = {} if month is None else {"month": month}
        response = client.get(reverse("trainings:session-calendar"), params)
        assert response.status_code == 200

    check()
