"""Turning a page into a PDF: its HTML, its fingerprint, and WeasyPrint with a fetcher that
loads nothing but the app's own static files.

WeasyPrint takes seconds to import: it is imported here, when ``pdf_bytes`` first runs, so
only the worker pays for it, once per process (``core.worker``).
"""

import hashlib
import mimetypes
import threading
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone


def pdf_fingerprint(template_name: str, context: dict) -> str:
    """SHA-256 of the page's HTML as rendered from ``context`` now, without ``generated_at``.

    Two exports with the same fingerprint show the same thing; only their time of making
    differs, so the earlier one can be handed out again."""
    html = render_to_string(template_name, {**context, "generated_at": None})
    return hashlib.sha256(html.encode()).hexdigest()


def pdf_html(template_name: str, context: dict) -> str:
    """The page as it goes into the PDF, stamped with the time it is made."""
    return render_to_string(template_name, {**context, "generated_at": timezone.localtime()})


class PdfResourceRefused(ValueError):
    """A PDF asked for something other than one of the app's own static files."""


def _static_prefix() -> str:
    # PDFs render with SITE_URL as their address, so {% static %} paths resolve under it.
    return urljoin(settings.SITE_URL + "/", settings.STATIC_URL)


def static_file_for(url: str) -> Path:
    """The file behind ``url`` if it names one of the app's static files, found through the
    staticfiles finders (as collectstatic would); ``PdfResourceRefused`` for anything else:
    ``file://``, other sites, other schemes, paths that climb out with ``..``."""
    prefix = _static_prefix()
    scheme = urlsplit(url).scheme.lower()
    if scheme == "file":
        raise PdfResourceRefused(f"PDFs may not read local files: {url}")
    if not url.startswith(prefix):
        raise PdfResourceRefused(
            f"PDFs load only PeerWorks's own static files (under {prefix}), not {url}"
        )
    relative = unquote(urlsplit(url[len(prefix) :]).path)
    parts = relative.split("/")
    if (
        not relative
        or "\\" in relative
        or "\x00" in relative
        or any(part in ("", ".", "..") for part in parts)
    ):
        raise PdfResourceRefused(f"Not a static file path: {url}")
    found = finders.find(relative)
    if not found:
        raise PdfResourceRefused(f"No such static file: {url}")
    return Path(found)


@cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        """Serves the app's own static files from disk; refuses every other URL."""

        def __init__(self):
            # Any refusal stops the render: a PDF silently missing a part is worse.
            super().__init__(fail_on_errors=True)

        def fetch(self, url, headers=None):
            path = static_file_for(url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    return StaticFilesOnly


def static_files_fetcher():
    """The URL fetcher every PeerWorks PDF renders with."""
    return _fetcher_class()()


PRINT_UA = Path(__file__).with_name("print_ua.css")


@cache
def _html_class():
    """WeasyPrint's document with PeerWorks's user-agent stylesheet (``print_ua.css``, read
    and parsed once per process) in place of WeasyPrint's: its selectors no tag keys, tested
    against every element, were a third of an evaluation PDF's render."""
    from weasyprint import CSS, HTML

    stylesheet = CSS(string=PRINT_UA.read_text())

    class PrintDocument(HTML):
        def _ua_stylesheets(self, forms=False):
            return [stylesheet]

    return PrintDocument


_fonts = threading.local()


def _font_config():
    """One WeasyPrint font configuration per thread, kept between renders: Pango then finds
    the fonts it found last time (about 5% of an evaluation PDF). PeerWorks's PDFs declare
    no @font-face, so nothing accumulates in it; Pango's font map is not shared between
    threads."""
    config = getattr(_fonts, "config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _fonts.config = FontConfiguration()
    return config


def pdf_bytes(html: str) -> bytes:
    """Render HTML to PDF, loading only the app's own static files (``static_file_for``)."""
    from weasyprint.urls import FatalURLFetchingError

    try:
        return _html_class()(
            string=html, base_url=settings.SITE_URL + "/", url_fetcher=static_files_fetcher()
        ).write_pdf(font_config=_font_config())
    except FatalURLFetchingError as error:
        # WeasyPrint's fatal error is a BaseException: give the task an ordinary one.
        raise PdfResourceRefused(str(error.__cause__ or error)) from None


# Close to what the exports draw (page rules, fixed boxes, headings, a fixed-layout table,
# a list, an inline SVG), so the first render loads what every later one uses.
_WARM_UP_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>-</title>
<style>@page { size: letter; margin: 18mm; @bottom-right { content: counter(page); } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9pt; }
.fixed { position: fixed; top: -12mm; } table { width: 100%; table-layout: fixed; }
th, td { border-bottom: 0.5pt solid #888; }</style></head>
<body><div class="fixed">-</div><h1>-</h1><h2>-</h2><p><strong>-</strong> <em>-</em></p>
<table><thead><tr><th>-</th><th>-</th></tr></thead><tbody><tr><td>-</td><td>-</td></tr></tbody>
</table><ul><li>-</li></ul>
<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10" role="img"><title>-</title>
<rect width="10" height="10" fill="#1f6f8b"/><text x="12" y="9">-</text></svg></body></html>"""


def renderer_warm_up() -> None:
    """Render one small page, so that WeasyPrint's import and what its first render loads
    are paid before a worker's first task (``core.worker``)."""
    pdf_bytes(_WARM_UP_PAGE)
