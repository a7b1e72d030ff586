"""A supervisor completes a whole evaluation with the keyboard, exports the PDF; the peer signs."""

import pytest
from django.urls import reverse

from evaluations.models import Evaluation, EvaluationItem, Rating
from tests.evaluations.conftest import new_evaluation

pytestmark = pytest.mark.django_db(transaction=True)


def _active(page):
    return page.evaluate(
        "() => { const e = document.activeElement; return {tag: e.tagName, type: e.type || '', name: e.name || '', text: e.innerText || ''}; }"
    )


def test_supervisor_fills_an_evaluation_by_keyboard_and_exports_pdf(
    page, live_server, sign_in, catalogues, supervisor, peer, assert_accessible
):
    evaluation = new_evaluation(peer, supervisor)
    sign_in(page, supervisor)
    page.goto(live_server.url + reverse("evaluations:evaluation-edit", args=[evaluation.pk]))
    assert page.get_by_text("0 of 62 rated").is_visible()
    assert_accessible(page)

    page.locator("#rating-form").focus()
    page.get_by_role("radio", name="Advanced").first.focus()
    rated, commented = set(), False
    developing_item = "rating_" + str(
        EvaluationItem.objects.get(section__evaluation=evaluation, code="III.2").pk
    )
    for _ in range(600):
        active = _active(page)
        if active["type"] == "radio" and active["name"] not in rated:
            # Focus lands on "Advanced"; one step right is Proficient, two is Developing.
            page.keyboard.press("ArrowRight")
            if active["name"] == developing_item:
                page.keyboard.press("ArrowRight")
            rated.add(active["name"])
            if len(rated) == 1:
                # The first answer is saved in the background (htmx) and the progress moves.
                page.get_by_text("1 of 62 rated").wait_for()
        elif active["tag"] == "TEXTAREA" and len(rated) >= 14 and not commented:
            page.keyboard.type("Practising how and when to share my story.")
            commented = True
        elif active["tag"] == "BUTTON" and active["text"].startswith("Submit to"):
            break
        page.keyboard.press("Tab")
    assert len(rated) == 62
    # Let the background saves still queued finish before submitting.
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    # The whole form is posted as it stands, as it is without JavaScript.
    page.keyboard.press("Enter")  # on "Submit to …"
    page.wait_for_url(
        live_server.url + reverse("evaluations:evaluation-detail", args=[evaluation.pk])
    )
    evaluation.refresh_from_db()
    assert evaluation.state == Evaluation.State.SUBMITTED
    assert (
        EvaluationItem.objects.get(section__evaluation=evaluation, code="III.2").rating
        == Rating.DEVELOPING
    )
    assert (
        EvaluationItem.objects.filter(
            section__evaluation=evaluation, rating=Rating.PROFICIENT
        ).count()
        == 61
    )
    assert_accessible(page)

    page.get_by_role("button", name="Export PDF").focus()
    page.keyboard.press("Enter")
    link = page.get_by_role("link", name="Download the PDF")
    link.wait_for(timeout=30000)
    assert_accessible(page)
    with page.expect_download() as download_info:
        link.click()
    path = download_info.value.path()
    with open(path, "rb") as handle:
        assert handle.read(4) == b"%PDF"


def test_peer_reads_and_signs(
    page, live_server, sign_in, catalogues, supervisor, peer, assert_accessible
):
    from tests.evaluations.conftest import make_submitted_evaluation

    evaluation = make_submitted_evaluation(peer, supervisor)
    sign_in(page, peer)
    assert page.get_by_text("waiting for you to read and sign").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="90-day evaluation").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Read and sign").click()
    assert_accessible(page)
    page.get_by_label("Type your full name to sign").fill("Someone Else")
    page.get_by_role("button", name="Sign and acknowledge").click()
    assert page.get_by_text("Type your name as").is_visible()
    page.get_by_label("Type your full name to sign").fill(peer.get_full_name())
    page.get_by_label("Your comments (optional)").fill("Thank you for the feedback.")
    page.get_by_role("button", name="Sign and acknowledge").click()
    assert page.get_by_text("Your acknowledgement is recorded").is_visible()
    evaluation.refresh_from_db()
    assert evaluation.state == Evaluation.State.ACKNOWLEDGED
