"""The role × URL matrix: every URL pattern declares what each role gets.

A URL pattern without a declaration fails ``test_every_url_is_declared``, so a
new page cannot ship without someone deciding who may use it.
"""

ROLES = ("anonymous", "peer", "other_supervisor", "own_supervisor", "hr", "admin")

LOGIN = 302


def everyone(status):
    return {role: (LOGIN if role == "anonymous" else status) for role in ROLES}


def only(allowed: dict, default):
    result = everyone(default)
    result.update(allowed)
    return result


# URL name -> role -> HTTP status on GET. Object URLs are called with the peer's
# own records (the peer reports to own_supervisor, not to other_supervisor).
EXPECTED = {
    "home": everyone(200),
    "login": {role: (200 if role == "anonymous" else 200) for role in ROLES},
    "logout": everyone(405),
    "password_change": everyone(200),
    "password_change_done": everyone(200),
    "password_reset": {role: 200 for role in ROLES},
    "password_reset_done": {role: 200 for role in ROLES},
    "password_reset_confirm": {role: 200 for role in ROLES},
    "password_reset_complete": {role: 200 for role in ROLES},
    # Signing in through an organisation's own identity provider (tests/people/test_oidc.py
    # drives it against a real one): the matrix's organisation has none, and a return
    # from a provider that this browser did not start goes back to the sign-in page.
    "oidc-sign-in": {role: 404 for role in ROLES},
    "oidc-callback": {role: 302 for role in ROLES},
    "people:person-list": only(
        {"own_supervisor": 200, "other_supervisor": 200, "hr": 200, "admin": 200}, 403
    ),
    "people:person-detail": only(
        {"peer": 200, "own_supervisor": 200, "hr": 200, "admin": 200}, 404
    ),
    # Managing people: program admins invite and edit; HR and admins record leaving.
    "people:person-invite": only({"admin": 200}, 403),
    "people:person-edit": only({"admin": 200}, 403),
    "people:person-leave": only({"hr": 200, "admin": 200}, 403),
    "people:person-invite-again": only({"admin": 405}, 403),
    # The link in an invitation email, opened before signing in (as password reset).
    "people:invitation-accept": {role: 200 for role in ROLES},
    # Everyone chooses how they get each kind of email.
    "notice-settings": everyone(200),
    # The link in every email, opened without signing in: a token that is not one of
    # ours shows nothing (tests/core/test_notices.py opens real ones).
    "notice-preference-link": {role: 404 for role in ROLES},
    "people:two-factor-setup": everyone(200),
    "people:two-factor-off": everyone(405),
    # Without a pending second step the verify page sends on to the home page.
    "people:two-factor-verify": everyone(302),
    "people:session-keep-alive": everyone(405),
    "people:lockout-list": only({"admin": 200}, 403),
    "people:lockout-unlock": only({"admin": 405}, 403),
    "competencies:framework-list": everyone(200),
    "competencies:framework-detail": everyone(200),
    "competencies:framework-export": everyone(200),
    "competencies:item-search": everyone(200),
    "competencies:item-detail": everyone(200),
    "competencies:import-create": only({"admin": 200}, 403),
    "competencies:import-detail": only({"admin": 200}, 403),
    "competencies:import-apply": only({"admin": 405}, 403),
    "competencies:import-discard": only({"admin": 405}, 403),
    "competencies:alignment-create": only({"admin": 405}, 403),
    "competencies:alignment-delete": only({"admin": 405}, 403),
    "evaluations:evaluation-list": everyone(200),
    "evaluations:evaluation-create": only({"own_supervisor": 200, "other_supervisor": 200}, 403),
    "evaluations:team-summary": only({"own_supervisor": 200, "other_supervisor": 200}, 403),
    "evaluations:team-summary-csv": only({"own_supervisor": 200, "other_supervisor": 200}, 403),
    "evaluations:peer-history": only(
        {"peer": 200, "own_supervisor": 200, "hr": 200, "admin": 200}, 404
    ),
    "evaluations:template-list": only({"admin": 200}, 403),
    "audit:logentry-list": only({"admin": 200}, 403),
    # Aggregates for a network's viewers only (tests/organisations covers that role).
    "organisations:network-figures": only({}, 403),
    "evaluations:template-create": only({"admin": 200}, 403),
    # Object URLs below use the peer's evaluation, submitted to them and not yet signed.
    "evaluations:evaluation-detail": only(
        {"peer": 200, "own_supervisor": 200, "hr": 200, "admin": 200}, 404
    ),
    "evaluations:evaluation-edit": only(
        {"peer": 403, "own_supervisor": 403, "hr": 403, "admin": 403}, 404
    ),
    "evaluations:evaluation-autosave": everyone(405),
    "evaluations:evaluation-submit": everyone(405),
    "evaluations:evaluation-take-back": everyone(405),
    "evaluations:evaluation-acknowledge": only(
        {"peer": 200, "own_supervisor": 403, "hr": 403, "admin": 403}, 404
    ),
    "evaluations:evaluation-finalize": everyone(405),
    "evaluations:evaluation-amend": only(
        {"peer": 403, "own_supervisor": 403, "hr": 403, "admin": 403}, 404
    ),
    "evaluations:evaluation-self": only({"peer": 200}, 404),
    "evaluations:evaluation-self-autosave": everyone(405),
    "evaluations:evaluation-pdf": everyone(405),
    "evaluations:evaluation-pdf-status": only(
        {"peer": 200, "own_supervisor": 200, "hr": 200, "admin": 200}, 404
    ),
    "evaluations:evaluation-pdf-download": only(
        {"peer": 200, "own_supervisor": 200, "hr": 200, "admin": 200}, 404
    ),
    # Work plans: object URLs use the peer's plan, made by own_supervisor and not yet signed.
    "workplans:workplan-list": everyone(200),
    "workplans:workplan-create": only({"own_supervisor": 200, "other_supervisor": 200}, 403),
    "workplans:workplan-from-evaluation": only(
        {"own_supervisor": 405, "other_supervisor": 405}, 403
    ),
    "workplans:workplan-detail": only(
        {"peer": 200, "own_supervisor": 200, "hr": 200, "admin": 200}, 404
    ),
    "workplans:workplan-edit": only(
        {"peer": 403, "own_supervisor": 200, "hr": 403, "admin": 403}, 404
    ),
    "workplans:workplan-sign": only(
        {"peer": 200, "own_supervisor": 200, "hr": 403, "admin": 403}, 404
    ),
    "workplans:workplan-step-create": only(
        {"peer": 403, "own_supervisor": 200, "hr": 403, "admin": 403}, 404
    ),
    "workplans:workplan-step-done": everyone(405),
    "workplans:workplan-step-delete": everyone(405),
    "workplans:workplan-meeting-create": only(
        {"peer": 403, "own_supervisor": 200, "hr": 403, "admin": 403}, 404
    ),
    "workplans:workplan-meeting-edit": only(
        {"peer": 403, "own_supervisor": 200, "hr": 403, "admin": 403}, 404
    ),
    "workplans:workplan-pdf": everyone(405),
    "workplans:workplan-pdf-status": only(
        {"peer": 200, "own_supervisor": 200, "hr": 200, "admin": 200}, 404
    ),
    "workplans:workplan-pdf-download": only(
        {"peer": 200, "own_supervisor": 200, "hr": 200, "admin": 200}, 404
    ),
    # Trainings: sessions are open to everyone signed in; person URLs use the peer's records.
    "trainings:session-list": everyone(200),
    "trainings:session-calendar": everyone(200),
    "trainings:course-list": everyone(200),
    "trainings:session-create": only({"hr": 200}, 403),
    "trainings:session-detail": everyone(200),
    "trainings:session-enrol": everyone(405),
    "trainings:session-ics": everyone(200),
    "trainings:session-cancel": only({"hr": 405}, 403),
    "trainings:session-capacity": only({"hr": 405}, 403),
    "trainings:session-edit": only({"hr": 200}, 403),
    "trainings:session-attendance": only({"hr": 200}, 403),
    # The confirmation page: whoever may enrol the peer (the peer, their supervisor, HR).
    "trainings:enrolment-cancel": only({"peer": 200, "own_supervisor": 200, "hr": 200}, 404),
    # The agency's training rules: program admins.
    "trainings:settings": only({"admin": 200}, 403),
    "trainings:enrolment-certificate": everyone(405),
    "trainings:transcript": only(
        {"peer": 200, "own_supervisor": 200, "hr": 200, "admin": 200}, 404
    ),
    "trainings:transcript-csv": only(
        {"peer": 200, "own_supervisor": 200, "hr": 200, "admin": 200}, 404
    ),
    "trainings:transcript-pdf": everyone(405),
    "trainings:suggestions": only({"own_supervisor": 200, "hr": 200, "admin": 200}, 404),
    "trainings:pdf-status": only(
        {"peer": 200, "own_supervisor": 200, "hr": 200, "admin": 200}, 404
    ),
    "trainings:pdf-download": only(
        {"peer": 200, "own_supervisor": 200, "hr": 200, "admin": 200}, 404
    ),
    # Onboarding and check-ins: object URLs use the peer's onboarding and check-in schedule.
    "onboarding:onboarding-board": everyone(200),
    # Suggestions for the board's supervisor search, among the people each may see.
    "onboarding:supervisor-search": everyone(200),
    "onboarding:onboarding-create": only({"hr": 200}, 403),
    "onboarding:onboarding-detail": only(
        {"peer": 200, "own_supervisor": 200, "hr": 200, "admin": 200}, 404
    ),
    "onboarding:onboarding-cancel": only({"hr": 405}, 403),
    "onboarding:item-complete": everyone(405),
    "onboarding:item-not-applicable": everyone(405),
    "onboarding:item-reassign": everyone(405),
    "onboarding:item-reopen": everyone(405),
    "onboarding:template-list": only({"hr": 200, "admin": 200}, 403),
    "onboarding:template-edit": only({"admin": 200}, 403),
    "onboarding:template-clone": only({"admin": 405}, 403),
    "onboarding:holiday-list": only({"hr": 200, "admin": 200}, 403),
    "onboarding:holiday-delete": only({"admin": 405}, 403),
    "onboarding:checkin-list": everyone(200),
    "onboarding:checkin-schedule-create": only(
        {"own_supervisor": 200, "other_supervisor": 200, "hr": 200}, 403
    ),
    "onboarding:checkin-schedule-detail": only(
        {"peer": 200, "own_supervisor": 200, "hr": 200, "admin": 200}, 404
    ),
    "onboarding:checkin-schedule-cadence": everyone(405),
    "onboarding:checkin-record": only({"own_supervisor": 200, "hr": 200}, 404),
    "onboarding:checkin-detail": only(
        {"peer": 200, "own_supervisor": 200, "hr": 200, "admin": 200}, 404
    ),
    # The agency self-assessment: object URLs use a cycle the admin opened, answering now,
    # with the peer and own_supervisor on its team.
    "readiness:cycle-list": only({"admin": 200}, 403),
    "readiness:cycle-create": only({"admin": 200}, 403),
    "readiness:cycle-detail": only({"peer": 200, "own_supervisor": 200, "admin": 200}, 404),
    "readiness:cycle-team": only({"admin": 200}, 403),
    "readiness:cycle-member-remove": only({"admin": 405}, 403),
    "readiness:cycle-move": only({"admin": 405}, 403),
    "readiness:cycle-share": only({"admin": 405}, 403),
    # Only those on the team have answers of their own; the admin who opened it is not.
    "readiness:cycle-answer": only({"peer": 200, "own_supervisor": 200}, 404),
    "readiness:cycle-agree": only({"admin": 200}, 403),
    "readiness:cycle-actions": only({"peer": 200, "own_supervisor": 200, "admin": 200}, 404),
    "readiness:cycle-challenge": only({"admin": 200}, 403),
    "readiness:action-move": everyone(405),
    # The board's PDF of the cycle: the organisation's program admins only, not the team.
    "readiness:cycle-pdf": everyone(405),
    "readiness:cycle-pdf-status": only({"admin": 200}, 404),
    "readiness:cycle-pdf-download": only({"admin": 200}, 404),
    "readiness:survey-list": only({"admin": 200}, 403),
    "readiness:survey-detail": only({"admin": 200}, 403),
    "readiness:survey-close": only({"admin": 405}, 403),
    "readiness:survey-send": only({"admin": 405}, 403),
    # The emailed single-use link, signed in or not: without a valid token, "does not work".
    "readiness:survey-answer": {role: 404 for role in ROLES},
}
