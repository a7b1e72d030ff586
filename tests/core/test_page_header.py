"""{% pageheader %}: every page's breadcrumbs, title and actions, drawn one way."""

from django.template import Context, Template
from django.urls import reverse

PAGE = (
    "{% load peerworks %}{% pageheader %}"
    '{% breadcrumb "Catalogues" "competencies:framework-list" %}'
    '{% breadcrumb name "competencies:framework-detail" 3 anchor="domain-7" %}'
    'Item {{ code }}{% actions %}<a class="btn" href="/x">Edit</a>{% endpageheader %}'
)


def test_the_header_leads_through_its_breadcrumbs_to_the_title_and_its_actions():
    html = Template(PAGE).render(Context({"name": "SAMHSA <core>", "code": "I.1"}))
    framework = reverse("competencies:framework-detail", args=[3])
    assert (
        f'<li class="breadcrumb-item"><a href="{reverse("competencies:framework-list")}">'
        "Catalogues</a></li>" in html
    )
    assert f'<a href="{framework}#domain-7">SAMHSA &lt;core&gt;</a>' in html
    assert '<li class="breadcrumb-item active" aria-current="page">Item I.1</li>' in html
    assert '<h1 class="h3">Item I.1</h1>' in html
    assert '<div class="pw-actions"><a class="btn" href="/x">Edit</a></div>' in html


def test_a_page_without_breadcrumbs_or_actions_has_its_title_alone():
    html = Template("{% load peerworks %}{% pageheader %}Audit trail{% endpageheader %}").render(
        Context()
    )
    assert "Breadcrumb" not in html and "pw-actions" not in html
    assert '<h1 class="h3">Audit trail</h1>' in html


def test_every_page_draws_its_header_with_the_one_tag():
    """A page that extends the base layout gets its title and breadcrumbs from
    {% pageheader %}, never from an h1 of its own, so every page reads the same way."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    pages = [
        path
        for pattern in ("templates/**/*.html", "*/templates/**/*.html")
        for path in root.glob(pattern)
        if ".venv" not in path.parts and '{% extends "base.html" %}' in path.read_text()
    ]
    assert len(pages) > 60
    without = [
        str(path.relative_to(root))
        for path in pages
        if "{% pageheader %}" not in path.read_text() or "<h1" in path.read_text()
    ]
    assert without == []
