"""The evaluation rules, in one place, used by every service that saves ratings."""

from collections.abc import Iterable

from .models import COMMENT_REQUIRED, Rating


def comment_problems(
    sections: Iterable, *, rating_attr: str, comment_attr: str
) -> dict[str, list[str]]:
    """Categories with an item rated Developing or Not Enough Information and no comment.

    ``sections`` are objects with ``code``, ``title``, ``items`` (each with the
    rating attribute) and the comment attribute; the same rule serves the
    supervisor's ratings and the peer's self-assessment.
    """
    problems = {}
    for section in sections:
        flagged = [i for i in section.items_list if getattr(i, rating_attr) in COMMENT_REQUIRED]
        if flagged and not getattr(section, comment_attr).strip():
            labels = sorted({Rating(getattr(i, rating_attr)).label for i in flagged})
            problems[section.code] = [
                f"Category {section.code} ({section.title}) needs a comment: "
                f"{', '.join(i.code for i in flagged)} rated {' / '.join(labels)}."
            ]
    return problems


def unrated(sections: Iterable, *, rating_attr: str) -> dict[str, list[str]]:
    missing = {}
    for section in sections:
        codes = [i.code for i in section.items_list if not getattr(i, rating_attr)]
        if codes:
            missing[section.code] = [f"Category {section.code}: rate {', '.join(codes)}."]
    return missing


def not_applicable_items(sections: Iterable, *, rating_attr: str) -> list[str]:
    return [
        i.code
        for s in sections
        for i in s.items_list
        if getattr(i, rating_attr) == Rating.NOT_APPLICABLE
    ]


def merge(*problem_sets: dict) -> dict:
    merged: dict = {}
    for problems in problem_sets:
        for key, messages in problems.items():
            merged.setdefault(key, []).extend(messages)
    return merged
