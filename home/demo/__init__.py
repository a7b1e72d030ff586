"""The demo: two agencies in one county network, with programs and people in every role.

Used by ``seed_demo`` so that a newcomer sees every screen with real content, and that
two agencies share one deployment without seeing each other's people. The county's
viewer sees the network's figures only. Running it again changes nothing already there.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from organisations.models import Network, Organisation
from people.models import Population, Program, StaffProfile, User
from people.services import person_create
from readiness.demo import demo_readiness
from trainings.demo import demo_trainings
from workplans.demo import demo_workplans

from .agencies import demo_agency_own, demo_onboarding
from .cast import DEMO_PASSWORD, NETWORK, ORGANISATIONS, PEOPLE, PROGRAMS
from .evaluations import demo_evaluations

__all__ = ["DEMO_PASSWORD", "PEOPLE", "demo_seed"]


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
        demo_agency_own(organisation, today)
    demo_evaluations(today)
    demo_onboarding(today)
    demo_workplans(today=today)
    demo_trainings(today=today)
    demo_readiness(today=today)
    return result
