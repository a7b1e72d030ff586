from datetime import date

import pytest
from django.core.management import call_command

from competencies.catalogues import FIXTURES_DIR
from workplans.models import WorkPlan
from workplans.services.plans import signed_text_fingerprint, workplan_create, workplan_sign

# Fixed dates: every module using them runs with the clock frozen before START
# (`pytestmark = frozen`, tests/clock.py); tests/test_clock_rule.py checks that.
START = date(2026, 12, 1)
END = date(2027, 2, 28)


def load_guide():
    call_command("loaddata", str(FIXTURES_DIR / "work_plan_guide.json"), verbosity=0)


@pytest.fixture
def guide(db):
    """Only the work plan guide: most tests need no competency catalogue."""
    load_guide()


def new_plan(employee, manager, **kwargs):
    return workplan_create(
        employee=employee,
        manager=manager,
        start_date=kwargs.pop("start_date", START),
        end_date=kwargs.pop("end_date", END),
        **kwargs,
    )


def current_fingerprint(plan):
    """What a sign page opened now would carry (``plan`` may be an older copy)."""
    return signed_text_fingerprint(WorkPlan.objects.get(pk=plan.pk))


def sign_both(plan):
    workplan_sign(
        fingerprint=current_fingerprint(plan),
        plan=plan,
        by=plan.manager,
        signature=plan.manager.get_full_name(),
    )
    return workplan_sign(
        fingerprint=current_fingerprint(plan),
        plan=plan,
        by=plan.employee,
        signature=plan.employee.get_full_name(),
    )


@pytest.fixture
def plan(guide, peer, supervisor):
    return new_plan(peer, supervisor)
