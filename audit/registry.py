"""Which models the audit trail records, and how: the one place this is declared.

Only a model's own columns are compared (django-auditlog would otherwise walk the
reverse relations too, querying each and caching "none" on the instance), plus
the many-to-many fields named here. ``AuditConfig.ready`` registers them.
"""

from auditlog.registry import auditlog
from django.apps import apps

# What the peer writes in a self-assessment stays between them and the record until
# they submit it: no one else may read the draft on the evaluation or its PDF, so the
# trail records that these changed, never what they say. (Once submitted, a
# self-assessment no longer changes.)
CONCEALED_DRAFT_FIELDS: dict[str, list[str]] = {
    "evaluations.Evaluation": ["self_overall_comments"],
    "evaluations.EvaluationSection": ["self_comment"],
    "evaluations.EvaluationItem": ["self_rating"],
}
CONCEALED_DRAFT_FIELD_NAMES = frozenset(f for fs in CONCEALED_DRAFT_FIELDS.values() for f in fs)
CONCEALED = "(changed; a draft is not shown)"


def conceal_draft(value: str) -> str:
    """auditlog's mask for draft fields: whether there was something, not what."""
    return "" if value in ("", "None") else CONCEALED


def is_concealed_draft_field(what: str) -> bool:
    """``what`` names a draft field, alone or as the services' bulk entries name it
    ("I.1 self_rating", "Category III self_comment")."""
    return what.rsplit(" ", 1)[-1] in CONCEALED_DRAFT_FIELD_NAMES


AUDITED: dict[str, dict] = {
    "evaluations.Evaluation": {
        "exclude_fields": [
            "finalized_snapshot",
            "revision",
            "edited_in",
            "self_revision",
            "self_edited_in",
        ]
    },
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
    # Who scheduled, moved or cancelled a session, and each day's times and hours.
    "trainings.Session": {},
    "trainings.SessionSlot": {},
    "trainings.Enrolment": {},
    "trainings.Attendance": {},
    # An agency's completion rule decides who is credited a training.
    "trainings.TrainingSettings": {},
    "readiness.Cycle": {},
    "readiness.TeamMember": {},
    "readiness.Answer": {},
    "readiness.AgreedAnswer": {},
    # The anonymous survey is deliberately absent. A response or a ticket in the trail
    # would carry a time to match with a sign-in; an owed link (SurveyInvitation) names a
    # person and is deleted in the very transaction that writes their ticket, so its
    # entries (who, when) would pair the person with that ticket's write.
    "people.User": {
        "exclude_fields": ["last_login"],
        "mask_fields": ["password"],
        "m2m_fields": ["groups"],
    },
    "people.StaffProfile": {},
    "organisations.Transfer": {},
    # Who links which account at an identity provider, and who changes a provider (its
    # client secret is never a column: organisations.IdentityProvider).
    "people.IdentityLink": {},
    "organisations.IdentityProvider": {},
}


def register_audited_models() -> None:
    for label, options in AUDITED.items():
        model = apps.get_model(label)
        excluded = set(options.get("exclude_fields", ()))
        concealed = CONCEALED_DRAFT_FIELDS.get(label, [])
        if concealed and options.get("mask_fields"):
            raise ValueError(f"{label}: one mask per model (drafts or secrets), not both.")
        auditlog.register(
            model,
            include_fields=[f.name for f in model._meta.concrete_fields if f.name not in excluded],
            mask_fields=options.get("mask_fields", []) or concealed,
            mask_callable="audit.registry.conceal_draft" if concealed else None,
            m2m_fields=set(options.get("m2m_fields", ())),
        )
