"""The roles and what each may do: the one place permissions are declared.

Views check these permissions on the server (see ``core.access``); navigation
is derived from the same checks, so a link is shown exactly when its page
would answer. A person may hold several roles.
"""

from django.db import models


class Role(models.TextChoices):
    PROGRAM_ADMIN = "Program admin"
    HR = "HR"
    SUPERVISOR = "Supervisor"
    PEER = "Peer staff"
    # A county or network's staff: aggregate figures of the network's organisations only.
    NETWORK_VIEWER = "Network viewer"


_PEOPLE_READ = {"people.view_user", "people.view_staffprofile", "people.view_program"}
_PEOPLE_WRITE = {
    "people.add_user",
    "people.change_user",
    "people.add_staffprofile",
    "people.change_staffprofile",
}

_ONBOARDING_HR = {
    "onboarding.view_all_onboardings",
    "onboarding.add_onboarding",
    "onboarding.change_onboarding",
    "onboarding.change_onboardingitem",
    "onboarding.add_checkinschedule",
    "onboarding.add_checkin",
    "onboarding.view_checklisttemplate",
    "onboarding.view_holiday",
}
_ONBOARDING_ADMIN = {
    "onboarding.view_all_onboardings",
    "onboarding.view_checklisttemplate",
    "onboarding.add_checklisttemplate",
    "onboarding.change_checklisttemplate",
    "onboarding.view_holiday",
    "onboarding.add_holiday",
    "onboarding.delete_holiday",
}
_TRAININGS_HR = {
    "trainings.manage_sessions",
    "trainings.enrol_others",
    "trainings.view_all_transcripts",
}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.PROGRAM_ADMIN: _PEOPLE_READ
    | _PEOPLE_WRITE
    | {
        # Invite people and set their roles, supervisor and program (people.services.staff).
        "people.manage_people",
        "people.add_program",
        "people.change_program",
        "auth.view_group",
        "competencies.view_framework",
        "competencies.add_framework",
        "competencies.change_framework",
        "competencies.import_catalogue",
        "competencies.view_alignment",
        "competencies.add_alignment",
        "competencies.delete_alignment",
        "evaluations.view_all_evaluations",
        "evaluations.view_evaluationtemplate",
        "evaluations.add_evaluationtemplate",
        "evaluations.change_evaluationtemplate",
        "workplans.view_all_workplans",
        "trainings.view_all_transcripts",
        # The agency's completion rule for trainings (trainings.services.settings).
        "trainings.change_trainingsettings",
        # The agency self-assessment: open cycles, seat the team, record agreed answers.
        "readiness.manage_cycles",
        # The audit trail: read only; no role may change or delete entries.
        "auditlog.view_logentry",
        # Sign-in: release lockouts; remove a lost authenticator app (admin site).
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "otp_totp.view_totpdevice",
        "otp_totp.delete_totpdevice",
    }
    | _ONBOARDING_ADMIN,
    Role.HR: _PEOPLE_READ
    | _PEOPLE_WRITE
    | _ONBOARDING_HR
    | _TRAININGS_HR
    | {"evaluations.view_all_evaluations", "workplans.view_all_workplans"},
    Role.SUPERVISOR: {
        "people.view_team",
        "evaluations.add_evaluation",
        "workplans.add_workplan",
        "trainings.enrol_others",
    },
    Role.PEER: set(),
    Role.NETWORK_VIEWER: {"organisations.view_network_figures"},
}
