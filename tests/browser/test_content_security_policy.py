"""The Content-Security-Policy breaks nothing: each role's pages run with no violation or error.

Every ``securitypolicyviolation`` event and every console error or warning on every page
visited is collected; htmx (autosave), Bootstrap (menus, dialogs) and evaluation-form.js
must all work under ``default-src 'self'`` with no inline script or style.
"""

import pytest
from django.urls import reverse

from people.roles import Role
from tests.evaluations.conftest import new_evaluation

pytestmark = pytest.mark.django_db(transaction=True)

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.reportViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} `
    + `at ${e.sourceFile}:${e.lineNumber} on ${location.pathname}`);
});
"""


@pytest.fixture
def problems(page):
    found = []
    page.expose_function("reportViolation", lambda text: found.append(f"CSP: {text}"))
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            found.append(f"console {message.type} on {page.url}: {message.text}")
            if message.type in ("error", "warning")
            # Named with its address by the response handler below.
            and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            found.append(f"{response.status} for {response.url} on {page.url}")
            # Django's admin pages name no icon, so the browser asks for /favicon.ico.
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.on("pageerror", lambda error: found.append(f"page error on {page.url}: {error}"))
    return found


def _visit_all(page, live_server, urls):
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response.status < 400, url
        page.wait_for_load_state("networkidle")


def _nav_links(page):
    return page.eval_on_selector_all(
        "nav[aria-label=Main] a.nav-link, nav[aria-label=Main] a.dropdown-item",
        "links => links.map(a => a.getAttribute('href'))",
    )


@pytest.mark.parametrize("role", [Role.PEER, Role.SUPERVISOR, Role.HR, Role.PROGRAM_ADMIN])
def test_each_roles_pages_run_under_the_policy(
    page, live_server, sign_in, catalogues, make_person, problems, role
):
    user = make_person(role)
    sign_in(page, user)
    urls = _nav_links(page)
    assert len(urls) >= 4
    urls += [
        reverse("password_change"),
        reverse("people:two-factor-setup"),
        reverse("people:person-detail", args=[user.pk]),
    ]
    if role == Role.PROGRAM_ADMIN:
        urls += [reverse("people:lockout-list"), reverse("admin:index")]
    _visit_all(page, live_server, urls)
    # Bootstrap's collapsing menu, on a narrow screen.
    page.goto(live_server.url + reverse("home"))
    page.set_viewport_size({"width": 500, "height": 800})
    page.get_by_role("button", name="Toggle navigation").click()
    page.get_by_role("button", name="Sign out").wait_for()
    assert problems == []


def test_the_evaluation_form_saves_under_the_policy(
    page, live_server, sign_in, catalogues, supervisor, peer, problems
):
    evaluation = new_evaluation(peer, supervisor)
    sign_in(page, supervisor)
    page.goto(live_server.url + reverse("evaluations:evaluation-edit", args=[evaluation.pk]))
    page.get_by_role("radio", name="Proficient").first.check()
    page.get_by_text("1 of 62 rated").wait_for()  # saved in the background by htmx
    page.get_by_text("Saved at").wait_for()
    # evaluation-form.js asks before Not Applicable; dismissing keeps the earlier answer.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("radio", name="Not Applicable").first.click()
    assert page.get_by_role("radio", name="Proficient").first.is_checked()
    assert problems == []
