from datetime import date

import pytest

from onboarding.models import ChecklistTemplate
from onboarding.services.plans import onboarding_start
from people.models import StaffProfile

START = date(2026, 12, 7)  # a Monday


@pytest.fixture
def template(catalogues):
    return ChecklistTemplate.objects.get(is_default=True)


@pytest.fixture
def start_onboarding(template, hr_user, supervisor):
    def start(
        person=None,
        *,
        employment_type=StaffProfile.EmploymentType.EMPLOYEE,
        start_date=START,
        **kwargs,
    ):
        if person is None:
            kwargs.setdefault("first_name", "Avery")
            kwargs.setdefault("last_name", "Quinn")
            kwargs.setdefault("email", "avery.quinn@example.org")
        return onboarding_start(
            template=template,
            start_date=start_date,
            employment_type=employment_type,
            supervisor=supervisor,
            by=hr_user,
            person=person,
            **kwargs,
        )

    return start
