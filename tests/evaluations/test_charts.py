"""The ratings-over-time include: the same markup on the page draws in a WeasyPrint PDF."""

import subprocess

import pytest
from django.template.loader import render_to_string

from core.pdfs import pdf_bytes
from evaluations.models import EvaluationItem, Rating
from evaluations.selectors import peer_history
from tests.clock import frozen

from .conftest import make_submitted_evaluation

pytestmark = [frozen, pytest.mark.django_db]


def test_the_ratings_over_time_include_draws_in_a_pdf(tmp_path, catalogues, supervisor, peer):
    first = make_submitted_evaluation(peer, supervisor)
    second = make_submitted_evaluation(
        peer, supervisor, period_start=first.period_end, period_end=first.period_end
    )
    EvaluationItem.objects.filter(section__evaluation=second, section__code="I").update(
        rating=Rating.ADVANCED
    )
    history = peer_history(user=supervisor, peer_id=peer.pk)
    include = render_to_string("evaluations/_ratings_over_time.html", {"history": history})
    assert include.count("<svg") == 1 and "across 2 evaluations" in include
    assert "I. Engages Clients in Collaborative and Caring Relationships: 2.00 to 3.00" in include
    target = tmp_path / "chart.pdf"
    target.write_bytes(pdf_bytes(f"<!doctype html><html><body>{include}</body></html>"))
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    # WeasyPrint draws the chart's own text: its key, a panel's title and latest value.
    assert "Average rating: 1 Developing, 2 Proficient, 3 Advanced." in text
    assert "I. Engages Clients in Coll" in text and "3.00" in text


def test_the_evaluation_pdf_draws_the_ratings_up_to_its_own_period_never_later(
    catalogues, supervisor, peer
):
    from datetime import timedelta

    from evaluations.models import EvaluationPdf
    from evaluations.pdf import EVALUATION_PDF
    from evaluations.selectors import history_until

    first = make_submitted_evaluation(peer, supervisor)
    second = make_submitted_evaluation(
        peer, supervisor, period_start=first.period_end, period_end=first.period_end
    )
    later = make_submitted_evaluation(
        peer,
        supervisor,
        period_start=first.period_end,
        period_end=first.period_end + timedelta(days=90),
    )
    EvaluationItem.objects.filter(section__evaluation=later, section__code="I").update(
        rating=Rating.ADVANCED
    )

    history = history_until(user=supervisor, evaluation=second)
    assert history["evaluations"] == [first, second]
    assert [e.pk for e in history_until(user=supervisor, evaluation=later)["evaluations"]] == [
        first.pk,
        second.pk,
        later.pk,
    ]

    pdf = EvaluationPdf.objects.create(
        evaluation=second, requested_by=supervisor, evaluation_revision=second.revision
    )
    template, context = EVALUATION_PDF.source(pdf)
    html = render_to_string(template, context)
    assert "<h2>Ratings over time</h2>" in html and html.count("<svg") == 1
    assert "across 2 evaluations" in html
    # The later evaluation's Advanced ratings would lift category I to 3.00.
    assert "I. Engages Clients in Collaborative and Caring Relationships: 2.00 to 2.00" in html


def test_a_first_evaluations_pdf_has_no_chart_of_one_point(catalogues, supervisor, peer):
    from evaluations.models import EvaluationPdf
    from evaluations.pdf import EVALUATION_PDF

    only = make_submitted_evaluation(peer, supervisor)
    pdf = EvaluationPdf.objects.create(
        evaluation=only, requested_by=supervisor, evaluation_revision=only.revision
    )
    html = render_to_string(*EVALUATION_PDF.source(pdf))
    assert "Ratings over time" not in html and "<svg" not in html
