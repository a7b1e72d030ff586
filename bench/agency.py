"""Builds synthetic agencies with bulk inserts, so the large size takes minutes, not hours.

Catalogues and the default templates are loaded the ordinary way; people,
evaluations (with every rating), onboardings, check-ins and training sessions are
inserted in batches straight through the ORM.

The measured agency ("bench") has the size's figures; its neighbours in the same
deployment (``Size.organisations`` in all) have a quarter of them each, with their own
people, records, holidays and templates. The pages are measured for the first agency:
its neighbours' rows are in every table its queries read, so a query that forgot the
organisation, or an index the scope cannot use, shows.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from evaluations.models import Evaluation, EvaluationItem, EvaluationSection, Rating
from evaluations.services.evaluations import rating_definitions_for
from evaluations.services.templates import evaluation_template_default
from onboarding.models import (
    Cadence,
    CheckIn,
    CheckInAnswer,
    CheckInSchedule,
    ChecklistTemplate,
    Holiday,
    Onboarding,
    OnboardingItem,
    QuestionSet,
)
from organisations.models import Organisation
from people.models import Population, Program, StaffProfile, User
from people.roles import Role

BATCH = 5000
PASSWORD = "bench-password"
RATINGS = [
    Rating.ADVANCED,
    Rating.PROFICIENT,
    Rating.PROFICIENT,
    Rating.PROFICIENT,
    Rating.DEVELOPING,
]


def _bulk(model, objects):
    return model.objects.bulk_create(objects, batch_size=BATCH)


def build(size, *, today: date, log=print) -> dict:
    """Create the agencies; returns the ids the measurements need (the first agency's)."""
    rng = random.Random(20261123)
    call_command("load_catalogues", verbosity=0, stdout=open("/dev/null", "w"))
    password = make_password(PASSWORD)
    log(f"agency 1 of {size.organisations}: bench")
    ids = _build_agency(
        size, slug="bench", prefix="", today=today, rng=rng, password=password, log=log
    )
    assert ids, "the measured agency has a draft and a finalized evaluation"
    for n in range(2, size.organisations + 1):
        log(f"agency {n} of {size.organisations}: bench-{n}, a quarter of the size")
        _build_agency(
            size.neighbour(),
            slug=f"bench-{n}",
            prefix=f"a{n}-",
            today=today,
            rng=rng,
            password=password,
            log=log,
        )
    # Bulk loads leave the planner without statistics; a running database has them.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return ids


def _build_agency(size, *, slug, prefix, today, rng, password, log) -> dict:
    """One agency of ``size``: its usernames and program slugs start with ``prefix``."""
    organisation = Organisation.objects.get_or_create(
        slug=slug, defaults={"name": slug.replace("-", " ").title()}
    )[0]
    programs = [
        Program.objects.get_or_create(
            slug=f"{prefix}program-{n}",
            defaults={"name": f"{prefix}Program {n}", "organisation": organisation},
        )[0]
        for n in range(10)
    ]
    # The agency's own closures: plans and the holiday list read them.
    Holiday.objects.bulk_create(
        [
            Holiday(
                organisation=organisation, date=today + timedelta(days=30 * n), name=f"Closed {n}"
            )
            for n in range(1, 13)
        ]
    )
    populations = list(Population.objects.all())
    groups = {role: Group.objects.get(name=role) for role in Role}

    log(f"people: {size.staff} staff, {size.supervisors} supervisors")
    with transaction.atomic():
        hr = User.objects.create(
            username=f"{prefix}bench-hr",
            first_name="Harper",
            last_name="Bench",
            password=password,
            email=f"{prefix}hr@bench.invalid",
            organisation=organisation,
        )
        admin = User.objects.create(
            username=f"{prefix}bench-admin",
            first_name="Alex",
            last_name="Bench",
            password=password,
            email=f"{prefix}admin@bench.invalid",
            organisation=organisation,
            is_staff=True,
        )
        supervisors = _bulk(
            User,
            [
                User(
                    username=f"{prefix}sup{n}",
                    first_name="Sam",
                    last_name=f"Supervisor{n}",
                    password=password,
                    email=f"{prefix}sup{n}@bench.invalid",
                    organisation=organisation,
                )
                for n in range(size.supervisors)
            ],
        )
        peers = _bulk(
            User,
            [
                User(
                    username=f"{prefix}peer{n}",
                    first_name="Pat",
                    last_name=f"Peer{n}",
                    password=password,
                    email=f"{prefix}peer{n}@bench.invalid",
                    organisation=organisation,
                )
                for n in range(size.staff)
            ],
        )
        Through = User.groups.through
        _bulk(
            Through,
            [
                Through(user_id=hr.pk, group_id=groups[Role.HR].pk),
                Through(user_id=admin.pk, group_id=groups[Role.PROGRAM_ADMIN].pk),
            ]
            + [Through(user_id=u.pk, group_id=groups[Role.SUPERVISOR].pk) for u in supervisors]
            + [Through(user_id=u.pk, group_id=groups[Role.PEER].pk) for u in peers],
        )
        _bulk(
            StaffProfile,
            [
                StaffProfile(user=u, job_title="Peer Services Supervisor", program=programs[n % 10])
                for n, u in enumerate(supervisors)
            ]
            + [StaffProfile(user=hr), StaffProfile(user=admin)]
            + [
                StaffProfile(
                    user=u,
                    job_title="Peer Support Specialist",
                    program=programs[n % 10],
                    supervisor=supervisors[n % len(supervisors)],
                    population=populations[n % 4],
                    start_date=today - timedelta(days=rng.randint(10, 1500)),
                )
                for n, u in enumerate(peers)
            ],
        )

    log(f"evaluations: {size.evaluations} × 62 ratings")
    template = evaluation_template_default(organisation=organisation)
    definitions = rating_definitions_for(template)
    domains = list(template.domains.order_by("order", "code").prefetch_related("items"))
    states = [Evaluation.State.FINALIZED] * 6 + [
        Evaluation.State.SUBMITTED,
        Evaluation.State.ACKNOWLEDGED,
        Evaluation.State.DRAFT,
    ]
    evaluation_ids = []
    for start in range(0, size.evaluations, BATCH):
        with transaction.atomic():
            chunk = []
            for n in range(start, min(start + BATCH, size.evaluations)):
                peer = peers[n % len(peers)]
                end = today - timedelta(days=90 * (n // len(peers)))
                chunk.append(
                    Evaluation(
                        organisation=organisation,
                        template=template,
                        peer=peer,
                        supervisor=supervisors[(n % len(peers)) % len(supervisors)],
                        kind=Evaluation.Kind.ANNUAL,
                        period_start=end - timedelta(days=89),
                        period_end=end,
                        due_date=end + timedelta(days=21),
                        # Evaluations from past years are finished; the current round is in every state.
                        state=states[n % len(states)]
                        if end > today - timedelta(days=60)
                        else Evaluation.State.FINALIZED,
                        title=template.name,
                        instructions=template.instructions,
                        rating_definitions=definitions,
                    )
                )
            # Finalized once their contents are in: the database refuses categories and items
            # added to a finalized evaluation. (Made in bulk, they are not sealed in the
            # chain: verify_records reports them as never sealed.)
            finalized = [e for e in chunk if e.state == Evaluation.State.FINALIZED]
            for e in finalized:
                e.state = Evaluation.State.ACKNOWLEDGED
            evaluations = _bulk(Evaluation, chunk)
            sections = _bulk(
                EvaluationSection,
                [
                    EvaluationSection(
                        evaluation=e,
                        source_domain=d,
                        code=d.code,
                        title=d.title,
                        description=d.description,
                        order=i,
                        comment="Growing steadily.",
                    )
                    for e in evaluations
                    for i, d in enumerate(domains, start=1)
                ],
            )
            by_domain = {d.pk: sorted(d.items.all(), key=lambda item: item.order) for d in domains}
            _bulk(
                EvaluationItem,
                [
                    EvaluationItem(
                        section=s,
                        source_item=item,
                        code=item.code,
                        text=item.text,
                        order=i,
                        rating=""
                        if s.evaluation.state == Evaluation.State.DRAFT and i > 2
                        else rng.choice(RATINGS),
                    )
                    for s in sections
                    for i, item in enumerate(by_domain[s.source_domain_id], start=1)
                ],
            )
            Evaluation.objects.filter(pk__in=[e.pk for e in finalized]).update(
                state=Evaluation.State.FINALIZED
            )
            evaluation_ids += [e.pk for e in evaluations]

    log(f"onboardings: {size.onboardings}")
    checklist = ChecklistTemplate.objects.get(organisation__isnull=True, is_default=True)
    template_items = list(checklist.items.all())
    # Start dates spread over four years, as hiring is: old plans are completed, the
    # last few months' are active with their past items mostly done.
    with transaction.atomic():
        onboardings = _bulk(
            Onboarding,
            [
                Onboarding(
                    organisation=organisation,
                    person=peers[n],
                    template=checklist,
                    program=programs[n % 10],
                    supervisor=supervisors[n % len(supervisors)],
                    start_date=today - timedelta(days=(n * 1460) // max(size.onboardings, 1)),
                    employment_type="employee",
                    started_by=hr,
                    status="active"
                    if (n * 1460) // max(size.onboardings, 1) < 150
                    else "completed",
                )
                for n in range(min(size.onboardings, len(peers)))
            ],
        )
        assignee = {
            "hr": lambda o: hr.pk,
            "supervisor": lambda o: o.supervisor_id,
            "new_hire": lambda o: o.person_id,
        }

        def status(onboarding, due):
            if onboarding.status == "completed" or due < today - timedelta(days=3):
                return "done" if rng.random() < 0.97 else "open"
            return "open"

        _bulk(
            OnboardingItem,
            [
                OnboardingItem(
                    onboarding=o,
                    template_item=i,
                    phase=i.phase,
                    group=i.group,
                    text=i.text,
                    subitems=i.subitems,
                    assignee_id=assignee[i.assignee](o),
                    required=i.required,
                    record_only=i.record_only,
                    order=i.order,
                    due_date=due,
                    status=status(o, due),
                )
                for o in onboardings
                for i in template_items
                for due in [o.start_date + timedelta(days=i.due_offset_days)]
            ],
        )

    log(f"check-ins: {size.check_ins}")
    wise_peer = QuestionSet.objects.get(organisation__isnull=True, code="wise-peer")
    questions = list(wise_peer.questions.all())
    with transaction.atomic():
        schedules = _bulk(
            CheckInSchedule,
            [
                CheckInSchedule(
                    organisation=organisation,
                    person=p,
                    supervisor_id=supervisors[n % len(supervisors)].pk,
                    next_due=today + timedelta(days=n % 30),
                )
                for n, p in enumerate(peers)
            ],
        )
        _bulk(
            Cadence,
            [
                Cadence(schedule=s, frequency="weekly", starts_on=today - timedelta(days=400))
                for s in schedules
            ],
        )
        for start in range(0, size.check_ins, BATCH):
            check_ins = _bulk(
                CheckIn,
                [
                    CheckIn(
                        schedule=schedules[n % len(schedules)],
                        held_on=today - timedelta(days=7 * (n // len(schedules))),
                        question_set=wise_peer,
                        recorded_by_id=schedules[n % len(schedules)].supervisor_id,
                        notes="Talked about what is going well.",
                    )
                    for n in range(start, min(start + BATCH, size.check_ins))
                ],
            )
            _bulk(
                CheckInAnswer,
                [
                    CheckInAnswer(
                        check_in=c,
                        question=q,
                        question_text=q.text,
                        answer="Going well",
                        order=q.order,
                    )
                    for c in check_ins
                    for q in questions
                ],
            )

    _build_trainings(size, today=today, peers=peers, hr=hr, rng=rng, log=log)
    draft = Evaluation.objects.filter(
        state=Evaluation.State.DRAFT, pk__in=evaluation_ids[:2000]
    ).first()
    finalized = Evaluation.objects.filter(
        state=Evaluation.State.FINALIZED, pk__in=evaluation_ids[:2000]
    ).first()
    if draft is None or finalized is None:
        return {}  # a neighbour too small to have both; only the first agency's are measured
    return {
        "supervisor": draft.supervisor.username,
        "peer": finalized.peer.username,
        "hr": hr.username,
        "draft_evaluation": draft.pk,
        "finalized_evaluation": finalized.pk,
    }


def _build_trainings(size, *, today, peers, hr, rng, log):
    from trainings.models import Course, Enrolment, Session, SessionSlot

    log(f"trainings: {size.sessions} sessions, {size.enrolments} enrolments")
    courses = list(Course.objects.all())
    tz = timezone.get_current_timezone()
    with transaction.atomic():
        sessions = _bulk(
            Session,
            [
                Session(
                    organisation_id=hr.organisation_id,
                    course=courses[n % len(courses)],
                    location="Main office",
                    trainer="WISE trainer",
                    capacity=max(courses[n % len(courses)].attendance_max, 45),
                    minimum=courses[n % len(courses)].attendance_min,
                    enrolment_deadline=today + timedelta(days=n % 60 - 20),
                )
                for n in range(size.sessions)
            ],
        )
        _bulk(
            SessionSlot,
            [
                SessionSlot(
                    session=s,
                    starts_at=datetime.combine(
                        today + timedelta(days=n % 60 - 10), time(9), tzinfo=tz
                    ),
                    ends_at=datetime.combine(
                        today + timedelta(days=n % 60 - 10), time(15), tzinfo=tz
                    ),
                    hours=Decimal("6.0"),
                )
                for n, s in enumerate(sessions)
            ],
        )
        per_session = max(1, size.enrolments // len(sessions))
        enrolments, seen = [], set()
        for n in range(size.enrolments):
            session = sessions[n // per_session % len(sessions)]
            person = peers[rng.randrange(len(peers))]
            if (session.pk, person.pk) in seen:
                continue
            seen.add((session.pk, person.pk))
            enrolments.append(
                Enrolment(session=session, person=person, status="enrolled", enrolled_by=hr)
            )
        _bulk(Enrolment, enrolments)
