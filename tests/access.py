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
    "people:person-list": only(
        {"own_supervisor": 200, "other_supervisor": 200, "hr": 200, "admin": 200}, 403
    ),
    "people:person-detail": only(
        {"peer": 200, "own_supervisor": 200, "hr": 200, "admin": 200}, 404
    ),
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
}
