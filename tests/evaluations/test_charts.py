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
