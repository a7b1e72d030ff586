"""The PDF renderer loads only the app's own static files: no local files, no other sites."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

import core.pdfs.renderer
from core.pdfs.renderer import PdfResourceRefused, pdf_bytes, static_file_for

STATIC = settings.SITE_URL + "/static/"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "may not read local files"),
        ("FILE:///etc/passwd", "may not read local files"),
        ("http://example.com/x.png", "only PeerWorks's own static files"),
        ("https://example.com/static/favicon.svg", "only PeerWorks's own static files"),
        ("ftp://example.com/x.png", "only PeerWorks's own static files"),
        ("data:image/svg+xml,<svg/>", "only PeerWorks's own static files"),
        (settings.SITE_URL + "/private/evaluations/evaluation-1-1.pdf", "own static files"),
        (STATIC + "../../../../etc/passwd", "Not a static file path"),
        (STATIC + "css/../../../etc/passwd", "Not a static file path"),
        (STATIC + "%2e%2e/%2e%2e/%2e%2e/etc/passwd", "Not a static file path"),
        (STATIC + "css%2f..%2f..%2f..%2fetc%2fpasswd", "Not a static file path"),
        (STATIC + "..%5c..%5cetc%5cpasswd", "Not a static file path"),
        (STATIC + "/etc/passwd", "Not a static file path"),
        (STATIC + "no-such-file.png", "No such static file"),
    ],
)
def test_refused(url, message):
    with pytest.raises(PdfResourceRefused, match=message):
        static_file_for(url)


def test_an_own_static_file_is_served_from_the_finders():
    path = static_file_for(STATIC + "favicon.svg?v=1")
    assert path == Path(finders.find("favicon.svg"))
    assert path.read_bytes().startswith(b"<svg")


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ('<img src="file:///etc/passwd">', "may not read local files: file:///etc/passwd"),
        ('<img src="http://example.com/x.png">', "not http://example.com/x.png"),
        ('<link rel="stylesheet" href="https://example.com/x.css">', "not https://example.com"),
        # A relative path climbing out of /static/ resolves outside it.
        ('<img src="/static/../../etc/passwd">', re.escape(f"not {settings.SITE_URL}/etc/passwd")),
    ],
)
def test_render_stops_at_a_refused_resource(html, message):
    with pytest.raises(PdfResourceRefused, match=message):
        pdf_bytes(f"<html><body><p>Hello</p>{html}</body></html>")


def test_render_loads_an_own_static_file(monkeypatch):
    served = []
    original = core.pdfs.renderer.static_file_for

    def spy(url):
        served.append((url, original(url)))
        return served[-1][1]

    monkeypatch.setattr(core.pdfs.renderer, "static_file_for", spy)
    content = pdf_bytes('<html><body><img src="/static/favicon.svg" width="32"></body></html>')
    assert content.startswith(b"%PDF")
    assert served == [(STATIC + "favicon.svg", Path(finders.find("favicon.svg")))]
