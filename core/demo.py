"""The demo organisation: a few programs and people in every role.

Used by ``seed_demo`` so that a newcomer sees every screen with real content.
Running it again changes nothing that is already there.
"""

from datetime import date, timedelta

from django.db import transaction

from people.models import Population, Program, StaffProfile, User
from people.roles import Role
from people.services import person_create

DEMO_PASSWORD = "peerworks-demo"

PROGRAMS = (
    ("adult-wellness", "Adult Wellness Center"),
    ("tay-drop-in", "Transition Age Youth Drop-in"),
)

# username, first, last, roles, job title, program slug, supervisor username, population code, days since start
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
)


@transaction.atomic
def demo_seed(*, today: date | None = None) -> list[tuple[str, str, bool]]:
    """Create the demo organisation; returns (username, roles, created) for each login."""
    today = today or date.today()
    programs = {}
    for slug, name in PROGRAMS:
        programs[slug], _ = Program.objects.get_or_create(slug=slug, defaults={"name": name})
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
                password=DEMO_PASSWORD,
                roles=roles,
                job_title=title,
                program=programs[program],
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
    return result
