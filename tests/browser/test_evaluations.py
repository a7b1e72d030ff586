"""A supervisor completes a whole evaluation with the keyboard, exports the PDF; the peer signs.
A refused Submit opens on its error summary; the PDF's progress shows while it renders."""

import threading

import pytest
from django.urls import reverse
from playwright.sync_api import expect

import core.pdfs
from evaluations.models import Evaluation, EvaluationItem, Rating
from evaluations.services.evaluations import evaluation_save
from tests.evaluations.conftest import load, make_submitted_evaluation, new_evaluation, rate_all

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
    expect(page.get_by_text("Type your name as")).to_be_visible()
    page.get_by_label("Type your full name to sign").fill(peer.get_full_name())
    page.get_by_label("Your comments (optional)").fill("Thank you for the feedback.")
    page.get_by_role("button", name="Sign and acknowledge").click()
    expect(page.get_by_text("Your acknowledgement is recorded")).to_be_visible()
    evaluation.refresh_from_db()
    assert evaluation.state == Evaluation.State.ACKNOWLEDGED


def test_a_refused_submit_opens_on_its_error_summary_whose_link_leads_to_the_field(
    page, live_server, sign_in, catalogues, supervisor, peer, assert_accessible
):
    evaluation = load(rate_all(new_evaluation(peer, supervisor), supervisor))
    section = evaluation.sections_list[6]
    evaluation_save(
        evaluation=evaluation,
        by=supervisor,
        revision=evaluation.revision,
        ratings={section.items_list[2].pk: Rating.DEVELOPING},
        comments={},
    )
    sign_in(page, supervisor)
    page.goto(live_server.url + reverse("evaluations:evaluation-edit", args=[evaluation.pk]))
    page.get_by_role("button", name="Submit to").click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    summary.wait_for()
    # The summary has the focus, so a screen reader reads it and Tab starts there.
    assert page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    assert (
        page.get_by_role("navigation", name="Categories")
        .get_by_role("link", name="1 error to fix in this category")
        .is_visible()
    )
    assert_accessible(page)
    summary.get_by_role("link", name="Category VII").click()
    assert page.evaluate("() => document.activeElement.id") == f"id_comment_{section.pk}"
    page.keyboard.type("Practising a recovery story that fits the setting.")
    page.get_by_role("button", name="Submit to").click()
    page.wait_for_url(
        live_server.url + reverse("evaluations:evaluation-detail", args=[evaluation.pk])
    )
    evaluation.refresh_from_db()
    assert evaluation.state == Evaluation.State.SUBMITTED


def test_export_pdf_answers_at_once_and_shows_progress_until_the_download(
    page,
    live_server,
    sign_in,
    catalogues,
    supervisor,
    peer,
    assert_accessible,
    settings,
    monkeypatch,
):
    # No worker, as with `make run`: the PDF renders in a thread beside the request.
    settings.PDF_RENDER_BESIDE_REQUEST = True
    release = threading.Event()
    render = core.pdfs.pdf_content

    def held_render(**kwargs):
        # Held until the test has seen the progress: had the request rendered it, the
        # Export click would not come back at all.
        assert release.wait(timeout=60)
        return render(**kwargs)

    monkeypatch.setattr(core.pdfs, "pdf_content", held_render)
    evaluation = make_submitted_evaluation(peer, supervisor)
    sign_in(page, supervisor)
    page.goto(live_server.url + reverse("evaluations:evaluation-detail", args=[evaluation.pk]))
    page.get_by_role("button", name="Export PDF").click()
    page.get_by_text("The PDF is being prepared").wait_for(timeout=10000)
    assert page.get_by_role("progressbar", name="Preparing the PDF").is_visible()
    assert_accessible(page)
    release.set()
    link = page.get_by_role("link", name="Download the PDF")
    link.wait_for(timeout=60000)
    assert_accessible(page)
    with page.expect_download() as download_info:
        link.click()
    assert download_info.value.suggested_filename == (
        f"{peer.get_full_name()} – 90-day evaluation {evaluation.period_end:%Y}.pdf"
    )
