"""Generated documents go through ``storages["documents"]``: a local folder by default, an
S3-compatible object store when DOCUMENTS_S3_BUCKET is set; downloads stay behind the view."""

import os
import subprocess
import sys

import boto3
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from moto import mock_aws

from core.pdfs import documents, pdf_stored_file
from core.storage import PrivateFileSystemStorage
from evaluations.models import EvaluationPdf
from tests.documents import stored_names
from tests.evaluations.conftest import make_submitted_evaluation

BUCKET = "pwprod-test-documents"


class _Broken(ContentFile):
    def chunks(self, chunk_size=None):
        yield b"%PDF-half"
        raise OSError("disk full")


def test_local_folder_writes_whole_files_and_leaves_nothing_from_a_failed_write(tmp_path):
    storage = PrivateFileSystemStorage(location=tmp_path)
    storage.save("evaluations/a.pdf", ContentFile(b"%PDF-first"))
    # The same name again replaces it in place, with no suffixed copy beside it.
    assert storage.save("evaluations/a.pdf", ContentFile(b"%PDF-second")) == "evaluations/a.pdf"
    with pytest.raises(OSError, match="disk full"):
        storage.save("evaluations/b.pdf", _Broken(b""))
    assert sorted(p.name for p in (tmp_path / "evaluations").iterdir()) == ["a.pdf"]
    assert (tmp_path / "evaluations" / "a.pdf").read_bytes() == b"%PDF-second"


def test_local_folder_follows_private_media_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    documents().save("trainings/x.pdf", ContentFile(b"%PDF"))
    assert (tmp_path / "trainings" / "x.pdf").read_bytes() == b"%PDF"


@pytest.fixture
def object_store(settings, monkeypatch, tmp_path):
    """The documents storage pointed at an in-process S3 (moto), and an empty local folder
    that must stay empty."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        settings.PRIVATE_MEDIA_ROOT = tmp_path
        settings.STORAGES = {
            **settings.STORAGES,
            "documents": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {"bucket_name": BUCKET, "default_acl": "private"},
            },
        }
        yield s3


def _keys(s3):
    return sorted(o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []))


@pytest.mark.django_db
def test_pdf_rendered_into_the_object_store_downloads_only_for_who_may_see_it(
    object_store,
    client,
    catalogues,
    peer,
    supervisor,
    other_supervisor,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    evaluation = make_submitted_evaluation(peer, supervisor)
    client.force_login(supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evaluations:evaluation-pdf", args=[evaluation.pk]))
    pdf = EvaluationPdf.objects.get()
    assert pdf.status == EvaluationPdf.Status.READY, pdf.error
    assert _keys(object_store) == [f"evaluations/{pdf.file_name}"]
    assert list(tmp_path.iterdir()) == []  # nothing on this machine's disk
    assert stored_names("evaluations") == [pdf.file_name]

    url = reverse("evaluations:evaluation-pdf-download", args=[evaluation.pk, pdf.pk])
    download = client.get(url)
    body = b"".join(download.streaming_content)
    assert download.status_code == 200 and body.startswith(b"%PDF") and len(body) == pdf.size
    assert download["Content-Disposition"].startswith("attachment;")
    # Streamed by the app: no redirect to the store, so no link that works without the check.
    client.force_login(other_supervisor)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_pdf_gone_from_the_object_store_is_offered_again_not_an_error(
    object_store, client, catalogues, peer, supervisor
):
    evaluation = make_submitted_evaluation(peer, supervisor)
    pdf = EvaluationPdf.objects.create(
        evaluation=evaluation,
        requested_by=supervisor,
        evaluation_revision=evaluation.revision,
        status=EvaluationPdf.Status.READY,
        file_name="gone.pdf",
    )
    assert pdf_stored_file(pdf, "evaluations") is None
    client.force_login(supervisor)
    url = reverse("evaluations:evaluation-pdf-download", args=[evaluation.pk, pdf.pk])
    assert client.get(url).status_code == 404


def _documents_backend(env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCUMENTS_S3_")}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="peerworks.settings.local")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.core.files.storage import storages; "
            "s = storages['documents']; print(type(s).__name__, "
            "getattr(s, 'bucket_name', '-'), getattr(s, 'endpoint_url', '-'))",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )


def test_the_object_store_is_chosen_by_environment_variables():
    local = _documents_backend({})
    assert local.returncode == 0, local.stderr
    assert local.stdout.split()[0] == "PrivateFileSystemStorage"
    s3 = _documents_backend(
        {"DOCUMENTS_S3_BUCKET": "agency-docs", "DOCUMENTS_S3_ENDPOINT_URL": "http://127.0.0.1:9"}
    )
    assert s3.returncode == 0, s3.stderr
    assert s3.stdout.split() == ["S3Storage", "agency-docs", "http://127.0.0.1:9"]
