"""The work plan guide as a plan shows it: the toolkit's placeholders filled."""

import pytest
from django.test import override_settings

from organisations.models import Organisation
from people.models import User
from tests.clock import frozen
from workplans.models import GuideSection, WorkPlan
from workplans.selectors import guide_filled

pytestmark = [frozen, pytest.mark.django_db]


def _reloaded(plan):
    return WorkPlan.objects.select_related("employee__profile", "employee__organisation").get(
        pk=plan.pk
    )


def test_placeholders_are_filled_with_the_plans_people_agency_and_meetings(plan, peer):
    Organisation.objects.filter(pk=peer.organisation_id).update(name="Harbor Peer Services")
    profile = peer.profile
    profile.job_title = "Peer Support Specialist"
    profile.save()
    plan.meeting_every, plan.meeting_minutes = WorkPlan.Frequency.TWO_WEEKS, 30
    plan.save()
    plan = _reloaded(plan)
    background = guide_filled(GuideSection.objects.get(numeral="II"), plan=plan)
    assert background.title == "Background Information"
    assert background.prompts[0].startswith(
        f"{peer.first_name}, you were hired by Harbor Peer Services on or around"
    )
    assert "as a Peer Support Specialist." in background.prompts[0]
    meetings = guide_filled(GuideSection.objects.get(numeral="VII"), plan=plan)
    assert meetings.prompts[0].startswith(
        f"{peer.first_name}, we will meet once every two weeks for 30 minutes"
    )
    expiration = guide_filled(GuideSection.objects.get(numeral="VIII"), plan=plan)
    assert "This Plan is scheduled to expire on February 28, 2027." in expiration.prompts[0]
    needs = guide_filled(GuideSection.objects.get(numeral="IV"), plan=plan)
    assert needs.title == "Your Needs"


@override_settings(AGENCY_NAME="Valley Recovery Network")
def test_without_an_organisation_the_agency_is_the_deployments_and_unknown_placeholders_stay(
    plan, peer
):
    # Only a superuser's account may belong to no organisation (the database holds
    # everyone else to one): the guide then names the deployment's agency.
    User.objects.filter(pk=peer.pk).update(organisation=None, is_superuser=True)
    plan = _reloaded(plan)
    background = guide_filled(GuideSection.objects.get(numeral="II"), plan=plan)
    assert "you were hired by Valley Recovery Network" in background.prompts[0]
    # What the plan does not know is left for the writer: a duty, a length of time.
    assert "[PRIMARY DUTIES]" in background.prompts[0]
    assert "[LENGTH OF TIME]" in background.prompts[0]


def test_the_catalogue_keeps_the_official_wording(plan):
    guide_filled(GuideSection.objects.get(numeral="II"), plan=_reloaded(plan))
    section = GuideSection.objects.get(numeral="II")
    assert section.title == "Background Information [CUSTOMIZE AS APPROPRIATE]"
    assert section.prompts[0].startswith("[NAME], you were hired by [AGENCY] on or around [DATE]")
