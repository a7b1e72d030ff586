"""The catalogues PeerWorks ships, in the order they load (alignments last)."""

from django.conf import settings

FIXTURES_DIR = settings.BASE_DIR / "fixtures"

CATALOGUE_FIXTURES = (
    "samhsa.json",
    "wise_evaluation.json",
    "cmpsa.json",
    "dacum_pss.json",
    "work_process.json",
    "wise_agency_competencies.json",
    "wise_risk_factors.json",
    "wise_workplace_survey.json",
    "wise_agency_assessment.json",
    "alignments_wise_samhsa.json",
    "alignments_workprocess_samhsa.json",
)

# Reference data for other apps, loaded by load_catalogues with loaddata.
REFERENCE_FIXTURES = (
    "populations.json",
    "onboarding_template.json",
    "checkin_questions.json",
    "wise_courses.json",
    "work_plan_guide.json",
)
