import subprocess

import pytest
from django.core.management import CommandError, call_command

from .conftest import make_submitted_evaluation

pytestmark = pytest.mark.django_db


def test_export_evaluation_pdf_writes_the_document(catalogues, peer, supervisor, tmp_path):
    evaluation = make_submitted_evaluation(peer, supervisor)
    target = tmp_path / "evaluation.pdf"
    call_command(
        "export_pdf", "evaluations", evaluation.pk, str(target), stdout=open("/dev/null", "w")
    )
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert peer.get_full_name() in " ".join(text.split())
    assert not (tmp_path / "evaluation.pdf.partial").exists()


def test_export_evaluation_pdf_refuses_unknown_ids_and_folders(
    catalogues, peer, supervisor, tmp_path
):
    with pytest.raises(CommandError, match="no evaluation 999"):
        call_command("export_pdf", "evaluations", 999, str(tmp_path / "x.pdf"))
    evaluation = make_submitted_evaluation(peer, supervisor)
    with pytest.raises(CommandError, match="is a folder"):
        call_command("export_pdf", "evaluations", evaluation.pk, str(tmp_path))
