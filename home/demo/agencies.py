"""What each demo agency keeps of its own: onboardings and check-ins, its checklist and questions, its holidays."""

from datetime import date, timedelta

from organisations.models import Organisation
from people.models import User


def demo_onboarding(today: date) -> None:
    """An onboarding in progress for the newest peer, and check-ins for the team."""
    from onboarding.models import (
        Cadence,
        CheckInSchedule,
        ChecklistTemplate,
        Onboarding,
        QuestionSet,
    )
    from onboarding.services.checkins import (
        check_in_record,
        checkin_schedule_create,
        standard_cadences,
    )
    from onboarding.services.plans import onboarding_item_complete, onboarding_start

    hr = User.objects.get(username="hr")
    newcomer = User.objects.get(username="peer4")
    if not Onboarding.objects.filter(person=newcomer).exists():
        onboarding = onboarding_start(
            template=ChecklistTemplate.objects.get(
                organisation=newcomer.organisation, name=OWN_CHECKLIST
            ),
            start_date=newcomer.profile.start_date,
            employment_type=newcomer.profile.employment_type,
            supervisor=newcomer.profile.supervisor,
            by=hr,
            person=newcomer,
            # HR started the plan two weeks before the first day, as agencies do.
            started_on=newcomer.profile.start_date - timedelta(days=14),
        )
        # Ten days in, the newcomer's first day is behind them and they are booked on the
        # next orientation (demo_trainings): only its topics, and what lies ahead, are open.
        done = onboarding.items.filter(
            phase__in=["pre_selection", "post_selection", "day_one"]
        ) | onboarding.items.filter(phase="week_one", training_course_code="")
        for item in done:
            onboarding_item_complete(item=item, by=item.assignee)
    for username in ("peer", "peer2", "peer3", "peer4"):
        person = User.objects.get(username=username)
        if CheckInSchedule.objects.filter(person=person).exists():
            continue
        questions = QuestionSet.objects.get(organisation=person.organisation, code=OWN_QUESTIONS)
        start = person.profile.start_date
        cadences = (
            standard_cadences(start)
            if (today - start).days < 90
            else [(Cadence.Frequency.MONTHLY, start, None)]
        )
        schedule = checkin_schedule_create(
            person=person,
            supervisor=person.profile.supervisor,
            by=person.profile.supervisor,
            cadences=cadences,
        )
        if username == "peer4":
            continue
        # A history: check-ins held four weeks apart, the latest twenty days ago.
        for n, held_on in enumerate(
            today - timedelta(days=days)
            for days in (104, 76, 48, 20)
            if days <= (today - start).days
        ):
            check_in_record(
                schedule=schedule,
                by=schedule.supervisor,
                held_on=held_on,
                question_set=questions,
                participants=[person, schedule.supervisor],
                answers={
                    q.pk: CHECK_IN_ANSWERS[(q.order + n) % 3] for q in questions.questions.all()
                },
                notes=CHECK_IN_NOTES[n % len(CHECK_IN_NOTES)],
            )


CHECK_IN_ANSWERS = (
    "Going well: the Tuesday group is settling.",
    "Would like more time to write notes after groups.",
    "",
)
CHECK_IN_NOTES = (
    "Talked about what is going well and what support would help.",
    "Reviewed caseload balance and planned time for the WRAP seminar.",
    "Celebrated the first group co-facilitated; agreed on a debrief after each one.",
    "Talked about boundaries when sharing one's story; booked Sharing Your Story Skillfully.",
)

# Each agency's own copies of the shared checklist and check-in questions.
OWN_CHECKLIST = "Our peer onboarding"
OWN_QUESTIONS = "our-peer-check-in"
# Days every agency closes, by month and day, this year and next (due dates never fall on one).
FIXED_HOLIDAYS = (
    (1, 1, "New Year's Day"),
    (6, 19, "Juneteenth"),
    (7, 4, "Independence Day"),
    (11, 11, "Veterans Day"),
    (12, 25, "Christmas Day"),
)
# Each agency's own closures (besides weekends), as days from today.
HOLIDAYS = {
    "riverside": (("Staff wellness day", 12), ("Founders' day", 40)),
    "harbor": (("Community clean-up day", 19), ("Staff retreat", 33)),
}


def demo_agency_own(organisation: Organisation, today: date) -> None:
    """An agency's own holidays, checklist, check-in questions and evaluation template,
    adapted from the shared catalogue's: neither agency sees the other's."""
    from evaluations.services.templates import evaluation_template_default
    from onboarding.models import ChecklistTemplate, Holiday, QuestionSet
    from onboarding.services.calendar import holiday_create
    from onboarding.services.checkins import question_set_clone
    from onboarding.services.templates import checklist_template_clone

    closures = [
        (name, date(year, month, day))
        for year in (today.year, today.year + 1)
        for month, day, name in FIXED_HOLIDAYS
    ] + [(name, today + timedelta(days=days)) for name, days in HOLIDAYS.get(organisation.slug, ())]
    for name, day in closures:
        if not Holiday.objects.filter(organisation=organisation, date=day).exists():
            holiday_create(organisation=organisation, date=day, name=name)
    if not ChecklistTemplate.objects.filter(organisation=organisation).exists():
        checklist_template_clone(
            template=ChecklistTemplate.objects.get(organisation__isnull=True, is_default=True),
            name=OWN_CHECKLIST,
            program=None,
            organisation=organisation,
        )
    if not QuestionSet.objects.filter(organisation=organisation).exists():
        question_set_clone(
            question_set=QuestionSet.objects.get(organisation__isnull=True, code="wise-peer"),
            organisation=organisation,
            code=OWN_QUESTIONS,
            name=f"{organisation.name}: check-in questions for the peer",
        )
    evaluation_template_default(organisation=organisation)
