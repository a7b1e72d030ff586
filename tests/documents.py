"""Generated documents as tests see them, through the same storage the app uses."""

from pathlib import Path

from django.core.files.base import ContentFile

from core.pdfs import document_name, documents


def _name(pdf) -> str:
    # Each app keeps its PDFs in a folder named after it.
    return document_name(type(pdf)._meta.app_label, pdf.file_name)


def store_file(pdf, content: bytes = b"%PDF-1.4 test") -> None:
    """Put a file behind a record made ready by hand."""
    documents().save(_name(pdf), ContentFile(content))


def stored_path(pdf) -> Path:
    """Where a record's file is in the local folder (the tests' default storage)."""
    return Path(documents().path(_name(pdf)))


def stored_names(folder: str) -> list[str]:
    """The files in one app's folder, partial ones included."""
    try:
        return sorted(documents().listdir(folder)[1])
    except FileNotFoundError:  # a local folder nothing was written to yet
        return []
