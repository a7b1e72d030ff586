"""The sections of a person's page (``/people/<id>/``), each declared by the app that owns it.

``people`` sits below the apps that record things about a person (they import it), so it
cannot ask them itself. Each app registers its section in its ``AppConfig.ready()``::

    register_section(PersonSection(
        key="evaluations", title="Evaluations", order=10,
        template="evaluations/person_section.html",
        context=selectors.person_page_evaluations,   # (*, viewer, person, today) -> dict
        visible=access.sees_person_evaluations,      # (viewer, person) -> bool
    ))

``context`` is a selector in the owning app, reading only what ``viewer`` may see, in one or
two queries whatever the number of rows (the page's query count is pinned). What it returns
is the section template's context; an ``overdue`` list in it (of ``Overdue``) is also shown
at the top of the page, under "Overdue".
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string


@dataclass(frozen=True)
class Overdue:
    what: str
    due: date
    url: str


def _always(viewer, person) -> bool:
    return True


@dataclass(frozen=True)
class PersonSection:
    key: str
    title: str
    template: str
    context: Callable[..., dict]
    order: int
    visible: Callable[..., bool] = _always


_sections: dict[str, PersonSection] = {}


def register_section(section: PersonSection) -> None:
    """Add a section to every person's page; registering the same key again replaces it
    (``ready()`` may run more than once in tests)."""
    _sections[section.key] = section


def registered_sections() -> list[PersonSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


@dataclass
class ShownSection:
    section: PersonSection
    content: dict
    html: str


def sections_for(*, viewer, person, today: date) -> tuple[list[ShownSection], list[Overdue]]:
    """The sections this viewer may see of this person, in order, each rendered with its
    own template, and everything overdue in them, oldest first.

    A section's template gets its context and ``person``, without the request's context
    processors (the navigation would be worked out again for each): it shows and links,
    and holds no form."""
    shown, overdue = [], []
    for section in registered_sections():
        if not section.visible(viewer, person):
            continue
        content = section.context(viewer=viewer, person=person, today=today)
        html = render_to_string(section.template, {**content, "person": person})
        shown.append(ShownSection(section=section, content=content, html=html))
        overdue.extend(content.get("overdue", ()))
    return shown, sorted(overdue, key=lambda item: item.due)
