"""HR finds a supervisor on the onboarding board by typing part of a name."""

import pytest
from django.urls import reverse

from onboarding.models import ChecklistTemplate
from onboarding.services.plans import onboarding_start
from tests.clock import frozen
from tests.onboarding.conftest import START

pytestmark = [frozen, pytest.mark.django_db(transaction=True)]


def test_hr_filters_the_board_by_a_suggested_supervisor(
    page, live_server, sign_in, catalogues, hr_user, supervisor, assert_accessible
):
    supervisor.first_name, supervisor.last_name = "Robin", "Okafor"
    supervisor.save()
    onboarding_start(
        template=ChecklistTemplate.objects.get(is_default=True),
        start_date=START,
        employment_type="employee",
        supervisor=supervisor,
        by=hr_user,
        first_name="Avery",
        last_name="Quinn",
        email="avery.quinn@example.org",
    )
    sign_in(page, hr_user)
    page.goto(live_server.url + reverse("onboarding:onboarding-board"))
    search = page.get_by_label("Supervisor")
    search.press_sequentially("okaf")
    # htmx fills the datalist from the search endpoint under the page's strict CSP.
    page.locator('#supervisor-options option[value="Robin Okafor"]').wait_for(state="attached")
    assert_accessible(page)
    search.fill("Robin Okafor")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**supervisor=Robin+Okafor**")
    assert page.get_by_role("link", name="Avery Quinn").is_visible()
    assert_accessible(page)
