"""The demo: two agencies in one county network, with programs and people in every role.

Used by ``seed_demo`` so that a newcomer sees every screen with real content, and that
two agencies share one deployment without seeing each other's people. The county's
viewer sees the network's figures only. Running it again changes nothing already there.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from organisations.models import Network, Organisation
from people.models import Population, Program, StaffProfile, User
from people.roles import Role
from people.services import person_create
from readiness.demo import demo_readiness
from trainings.demo import demo_trainings
from workplans.demo import demo_workplans

DEMO_PASSWORD = "peerworks-demo"

NETWORK = ("bay-county", "Bay County Peer Support Network")
# slug, name; both in the network above.
ORGANISATIONS = (
    ("riverside", "Riverside Peer Services"),
    ("harbor", "Harbor Recovery Collective"),
)
# slug, name, organisation slug
PROGRAMS = (
    ("adult-wellness", "Adult Wellness Center", "riverside"),
    ("tay-drop-in", "Transition Age Youth Drop-in", "riverside"),
    ("harbor-outreach", "Harbor Street Outreach", "harbor"),
)

# username, first, last, roles, job title, program slug (its organisation employs the
# person; none: the county network's own staff), supervisor username, population code,
# days since start
PEOPLE = (
    (
        "admin",
        "Alex",
        "Rivera",
        [Role.PROGRAM_ADMIN],
        "Program Director",
        "adult-wellness",
        None,
        None,
        2200,
    ),
    (
        "hr",
        "Harper",
        "Nguyen",
        [Role.HR],
        "Human Resources Generalist",
        "adult-wellness",
        None,
        None,
        1500,
    ),
    (
        "supervisor",
        "Sam",
        "Okafor",
        [Role.SUPERVISOR],
        "Peer Services Supervisor",
        "adult-wellness",
        None,
        "adult-mh",
        1200,
    ),
    (
        "supervisor2",
        "Jordan",
        "Lee",
        [Role.SUPERVISOR],
        "Peer Services Supervisor",
        "tay-drop-in",
        None,
        "tay",
        900,
    ),
    (
        "peer",
        "Pat",
        "Morales",
        [Role.PEER],
        "Peer Support Specialist",
        "adult-wellness",
        "supervisor",
        "adult-mh",
        200,
    ),
    (
        "peer2",
        "Robin",
        "Chen",
        [Role.PEER],
        "Peer Support Specialist",
        "adult-wellness",
        "supervisor",
        "family-adult",
        40,
    ),
    (
        "peer3",
        "Casey",
        "Williams",
        [Role.PEER],
        "Peer Partner",
        "tay-drop-in",
        "supervisor2",
        "tay",
        400,
    ),
    (
        "peer4",
        "Morgan",
        "Davis",
        [Role.PEER],
        "Peer Support Specialist (volunteer)",
        "tay-drop-in",
        "supervisor2",
        "parents-caregivers",
        10,
    ),
    (
        "harbor-hr",
        "Dana",
        "Brooks",
        [Role.HR, Role.PROGRAM_ADMIN],
        "Operations Lead",
        "harbor-outreach",
        None,
        None,
        1100,
    ),
    (
        "harbor-supervisor",
        "Kai",
        "Alvarez",
        [Role.SUPERVISOR],
        "Peer Services Supervisor",
        "harbor-outreach",
        None,
        "adult-mh",
        800,
    ),
    (
        "harbor-peer",
        "Noor",
        "Haddad",
        [Role.PEER],
        "Peer Support Specialist",
        "harbor-outreach",
        "harbor-supervisor",
        "adult-mh",
        300,
    ),
    (
        "harbor-peer2",
        "Quinn",
        "Tran",
        [Role.PEER],
        "Peer Support Specialist",
        "harbor-outreach",
        "harbor-supervisor",
        "family-adult",
        60,
    ),
    (
        "county",
        "Avery",
        "Park",
        [Role.NETWORK_VIEWER],
        "County Peer Services Coordinator",
        None,
        None,
        None,
        700,
    ),
)


def _demo_ratings(evaluation, pattern, growing):
    """Deterministic ratings: the pattern, with one Developing item in each ``growing`` category."""
    from evaluations.models import Rating

    ratings, comments = {}, {}
    for n, section in enumerate(evaluation.sections_list):
        for m, item in enumerate(section.items_list):
            choice = pattern[(n + m) % len(pattern)]
            if section.code in growing and m == 1:
                choice = Rating.DEVELOPING
            ratings[item.pk] = choice
            if choice in (Rating.DEVELOPING, Rating.NOT_ENOUGH_INFORMATION):
                comments[section.pk] = (
                    "Growing here: we agreed on practice opportunities in supervision and a training."
                )
    return ratings, comments


def _demo_evaluations(today: date) -> None:
    """Evaluations in every state, so a newcomer sees the whole flow."""
    from evaluations.models import Evaluation, Rating
    from evaluations.selectors import evaluation_with_contents
    from evaluations.services.evaluations import (
        evaluation_create,
        evaluation_save,
        evaluation_self_save,
    )
    from evaluations.services.templates import evaluation_template_default
    from evaluations.services.workflow import (
        evaluation_acknowledge,
        evaluation_amend,
        evaluation_finalize,
        evaluation_self_submit,
        evaluation_submit,
    )

    A, P = Rating.ADVANCED, Rating.PROFICIENT

    def make(peer_name, kind, months_ago, *, state, pattern, growing=(), disagreement="", amend=""):
        peer = User.objects.get(username=peer_name)
        supervisor = peer.profile.supervisor
        end = today - timedelta(days=30 * months_ago)
        evaluation = evaluation_create(
            # Each agency's own default template, made from the shared catalogue.
            template=evaluation_template_default(organisation=peer.organisation),
            peer=peer,
            by=supervisor,
            kind=kind,
            period_start=end - timedelta(days=89 if kind == Evaluation.Kind.NINETY_DAY else 364),
            period_end=end,
            due_date=end + timedelta(days=21),
        )
        if state == Evaluation.State.DRAFT:
            evaluation = evaluation_with_contents(
                queryset=Evaluation.objects.all(), pk=evaluation.pk
            )
            first = evaluation.sections_list[0]
            evaluation_save(
                evaluation=evaluation,
                by=supervisor,
                revision=evaluation.revision,
                ratings={i.pk: P for i in first.items_list},
                comments={},
            )
            return evaluation
        evaluation = evaluation_with_contents(queryset=Evaluation.objects.all(), pk=evaluation.pk)
        ratings, comments = _demo_ratings(evaluation, pattern, growing)
        evaluation_save(
            evaluation=evaluation,
            by=supervisor,
            revision=evaluation.revision,
            ratings=ratings,
            comments=comments,
            overall_comments=f"{peer.first_name} brings warmth and hope to every group.",
            goals="Co-facilitate a WRAP group; complete Sharing Your Story Skillfully.",
        )
        self_ratings = {pk: P for pk in ratings}
        evaluation_self_save(
            evaluation=evaluation,
            by=peer,
            revision=evaluation.self_revision,
            ratings=self_ratings,
            comments={},
            overall_comments="I feel more confident than when I started.",
        )
        evaluation_self_submit(evaluation=evaluation, by=peer)
        evaluation = evaluation_submit(evaluation=evaluation, by=supervisor)
        if state == Evaluation.State.SUBMITTED:
            return evaluation
        evaluation_acknowledge(
            evaluation=evaluation,
            by=peer,
            revision=evaluation.revision,
            signature=peer.get_full_name(),
            comments="Thank you for the support this year.",
            disagrees=bool(disagreement),
            disagreement_statement=disagreement,
        )
        evaluation = evaluation_finalize(evaluation=evaluation, by=supervisor)
        if amend:
            # An amendment the peer has still to sign: the amended-version flow.
            evaluation = evaluation_with_contents(
                queryset=Evaluation.objects.all(), pk=evaluation.pk
            )
            item = evaluation.sections_list[0].items_list[0]
            evaluation_amend(
                evaluation=evaluation,
                by=supervisor,
                revision=evaluation.revision,
                reason=amend,
                ratings={item.pk: A},
                comments={},
            )
        return evaluation

    if not Evaluation.objects.filter(peer__username="peer").exists():
        make(
            "peer",
            Evaluation.Kind.NINETY_DAY,
            4,
            state=Evaluation.State.FINALIZED,
            pattern=[P, P, A],
            growing=("III", "VIII", "IX"),
            disagreement=(
                "I disagree with Developing for category VIII: I led two groups on my own "
                "this quarter when the team was short."
            ),
        )
        make(
            "peer",
            Evaluation.Kind.ANNUAL,
            0,
            state=Evaluation.State.FINALIZED,
            pattern=[P, A, P, A],
            growing=("VIII",),
            amend="I.1 was rated from the wrong quarter's notes; corrected to Advanced.",
        )
    if not Evaluation.objects.filter(peer__username="peer2").exists():
        make(
            "peer2",
            Evaluation.Kind.NINETY_DAY,
            0,
            state=Evaluation.State.SUBMITTED,
            pattern=[P, P, A],
            growing=("V", "XI"),
        )
    if not Evaluation.objects.filter(peer__username="peer3").exists():
        make("peer3", Evaluation.Kind.ANNUAL, 0, state=Evaluation.State.DRAFT, pattern=[P])


def _demo_onboarding(today: date) -> None:
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


def _demo_agency_own(organisation: Organisation, today: date) -> None:
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


@transaction.atomic
def demo_seed() -> list[tuple[str, str, bool]]:
    """Create the demo organisation around the agency's today; returns (username, roles,
    created) for each login.

    Every date is relative to ``timezone.localdate()`` (the agency's date, which is also
    what the services check against), so the demo is valid whichever day it is built.
    """
    today = timezone.localdate()
    network, _ = Network.objects.get_or_create(slug=NETWORK[0], defaults={"name": NETWORK[1]})
    organisations = {
        slug: Organisation.objects.get_or_create(
            slug=slug, defaults={"name": name, "network": network}
        )[0]
        for slug, name in ORGANISATIONS
    }
    programs = {}
    for slug, name, organisation in PROGRAMS:
        programs[slug], _ = Program.objects.get_or_create(
            slug=slug, defaults={"name": name, "organisation": organisations[organisation]}
        )
    populations = {p.code: p for p in Population.objects.all()}
    result = []
    for username, first, last, roles, title, program, supervisor, population, days in PEOPLE:
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = person_create(
                username=username,
                email=f"{username}@demo.peerworks.invalid",
                first_name=first,
                last_name=last,
                organisation=programs[program].organisation if program else None,
                network=None if program else network,
                password=DEMO_PASSWORD,
                roles=roles,
                job_title=title,
                program=programs[program] if program else None,
                employment_type=(
                    StaffProfile.EmploymentType.VOLUNTEER
                    if "volunteer" in title
                    else StaffProfile.EmploymentType.EMPLOYEE
                ),
                start_date=today - timedelta(days=days),
                supervisor=User.objects.get(username=supervisor) if supervisor else None,
                population=populations.get(population),
            )
        result.append((username, ", ".join(str(r) for r in roles), created))
    for organisation in organisations.values():
        _demo_agency_own(organisation, today)
    _demo_evaluations(today)
    _demo_onboarding(today)
    demo_workplans(today=today)
    demo_trainings(today=today)
    demo_readiness(today=today)
    return result
