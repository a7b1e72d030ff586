"""Every page a peer uses, on a phone (390×844) and reflowed at 320 CSS px (WCAG 2.2,
1.4.10): no horizontal scrolling, tap targets of at least 44 px, axe at 0 violations."""

import pytest
from django.urls import reverse

from people.roles import Role
from tests.records import person_records
from tests.trainings.conftest import make_session

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}

# The targets a finger taps in the page's content, each with its size. A link inside a
# sentence is exempt (WCAG 2.5.8, "inline"); a radio or checkbox is tapped by its label.
TARGETS = """
() => [...document.querySelectorAll(
    'main a[href], main button, main select, main summary, main input:not([type=hidden])'
  )].filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
  .filter(e => !(e.tagName === 'A' && e.parentElement.innerText.trim() !== e.innerText.trim()
                 && getComputedStyle(e).display === 'inline'))
  .map(e => {
    const target = (e.type === 'radio' || e.type === 'checkbox') && e.labels.length
      ? e.closest('.form-check') || e.labels[0] : e;
    const r = target.getBoundingClientRect();
    return {what: (e.innerText || e.name || e.id || e.tagName).trim().slice(0, 40),
            width: Math.round(r.width), height: Math.round(r.height)};
  })
"""


def peer_pages(peer, records, open_session) -> list[str]:
    evaluation, schedule = records.evaluation.pk, records.schedule.pk
    return [
        reverse("home"),
        reverse("evaluations:evaluation-list"),
        reverse("evaluations:evaluation-detail", args=[evaluation]),
        reverse("evaluations:evaluation-acknowledge", args=[evaluation]),
        reverse("evaluations:evaluation-self", args=[evaluation]),
        reverse("trainings:session-list"),
        reverse("trainings:session-detail", args=[open_session.pk]),
        reverse("trainings:transcript", args=[peer.pk]),
        reverse("onboarding:checkin-list"),
        reverse("onboarding:checkin-schedule-detail", args=[schedule]),
        reverse("onboarding:checkin-detail", args=[records.check_in.pk]),
        reverse("onboarding:onboarding-detail", args=[records.onboarding.pk]),
    ]


@pytest.fixture
def peers_pages(catalogues, make_person):
    supervisor, hr = make_person(Role.SUPERVISOR), make_person(Role.HR)
    peer = make_person(Role.PEER, supervisor=supervisor)
    records = person_records(peer, supervisor, hr)
    open_session = make_session(hr, "recovery-101", in_days=10)
    return peer, peer_pages(peer, records, open_session)


def problems_on(page) -> list[str]:
    problems = []
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if widths[0] > widths[1]:
        problems.append(f"scrolls sideways: {widths[0]} px of content in {widths[1]} px")
    small = [t for t in page.evaluate(TARGETS) if t["width"] < 44 or t["height"] < 44]
    if small:
        problems.append(f"targets under 44 px: {small[:5]}")
    return problems


@pytest.mark.parametrize("viewport", [PHONE, NARROW], ids=["390x844", "320"])
def test_every_page_a_peer_uses_fits_a_phone(
    page, live_server, sign_in, peers_pages, assert_accessible, viewport
):
    peer, pages = peers_pages
    page.set_viewport_size(viewport)
    sign_in(page, peer)
    problems = {}
    for path in pages:
        page.goto(live_server.url + path)
        assert page.locator("main h1").is_visible(), path
        if found := problems_on(page):
            problems[path] = found
        assert_accessible(page)
    assert problems == {}, "\n".join(f"{path}: {found}" for path, found in problems.items())


def test_a_peer_on_a_phone_completes_a_self_assessment_and_acknowledges_an_evaluation(
    page, live_server, sign_in, catalogues, supervisor, peer, assert_accessible
):
    from evaluations.models import Evaluation
    from tests.evaluations.conftest import make_submitted_evaluation

    evaluation = make_submitted_evaluation(peer, supervisor)
    page.set_viewport_size(PHONE)
    sign_in(page, peer)

    def fits():
        assert problems_on(page) == [], page.url
        assert_accessible(page)

    fits()
    page.get_by_role("link", name="90-day self-assessment").click()
    fits()
    for row in page.locator("fieldset.rating-row").all():
        row.get_by_role("radio", name="Proficient", exact=True).check()
    page.get_by_label("Overall comments").fill("Groups went well; I want to co-facilitate more.")
    page.get_by_role("button", name="Submit my self-assessment").click()
    page.get_by_text("Self-assessment submitted.").wait_for()
    fits()

    page.get_by_role("link", name="90-day evaluation").first.click()
    fits()
    page.get_by_role("link", name="Read and sign").click()
    fits()
    page.get_by_label("Type your full name to sign").fill(peer.get_full_name())
    page.get_by_role("button", name="Sign and acknowledge").click()
    page.get_by_text("Your acknowledgement is recorded").wait_for()
    fits()

    evaluation.refresh_from_db()
    assert evaluation.state == Evaluation.State.ACKNOWLEDGED
    assert evaluation.self_assessment == Evaluation.SelfAssessment.SUBMITTED
