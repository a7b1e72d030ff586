"""Which models the audit trail records, and how: the one place this is declared.

Only a model's own columns are compared (django-auditlog would otherwise walk the
reverse relations too, querying each and caching "none" on the instance), plus
the many-to-many fields named here. ``AuditConfig.ready`` registers them.
"""

from auditlog.registry import auditlog
from django.apps import apps

AUDITED: dict[str, dict] = {
    "evaluations.Evaluation": {"exclude_fields": ["finalized_snapshot", "revision"]},
    "evaluations.EvaluationSection": {},
    "evaluations.EvaluationItem": {},
    "evaluations.Amendment": {},
    "workplans.WorkPlan": {"exclude_fields": ["revision", "updated_at"]},
    "workplans.ChecklistAnswer": {},
    "workplans.ImmediateStep": {},
    "workplans.FollowUpMeeting": {"exclude_fields": ["updated_at"]},
    "onboarding.Onboarding": {},
    "onboarding.OnboardingItem": {},
    "onboarding.CheckInSchedule": {},
    "onboarding.Cadence": {},
    "onboarding.CheckIn": {"m2m_fields": ["participants"]},
    "onboarding.CheckInAnswer": {},
    "onboarding.FollowUp": {},
    "trainings.Enrolment": {},
    "trainings.Attendance": {},
    "people.User": {
        "exclude_fields": ["last_login"],
        "mask_fields": ["password"],
        "m2m_fields": ["groups"],
    },
    "people.StaffProfile": {},
}


def register_audited_models() -> None:
    for label, options in AUDITED.items():
        model = apps.get_model(label)
        excluded = set(options.get("exclude_fields", ()))
        auditlog.register(
            model,
            include_fields=[f.name for f in model._meta.concrete_fields if f.name not in excluded],
            mask_fields=options.get("mask_fields", []),
            m2m_fields=set(options.get("m2m_fields", ())),
        )
