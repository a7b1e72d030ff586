"""The main navigation, grouped by what people do, derived from the views' own access rules.

A group shows the pages its reader may open: one page becomes a plain link, several a
menu, none nothing. So a peer sees a short bar and a program admin a longer one, and at
1366 px every role's bar fits on one line.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, resolve, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str


@dataclass(frozen=True)
class NavGroup:
    label: str
    items: tuple[NavItem, ...]
    # (permission, label) pairs, first match wins: the group is named for its reader's work.
    labels_by_permission: tuple[tuple[str, str], ...] = ()


NAV = (
    NavGroup("Home", (NavItem("Home", "home"),)),
    NavGroup(
        "My work",
        (
            NavItem("Evaluations", "evaluations:evaluation-list"),
            NavItem("Team summary", "evaluations:team-summary"),
            NavItem("Check-ins", "onboarding:checkin-list"),
            NavItem("Work plans", "workplans:workplan-list"),
        ),
        labels_by_permission=(
            ("evaluations.view_all_evaluations", "Staff"),
            ("people.view_team", "My team"),
        ),
    ),
    NavGroup("Onboarding", (NavItem("Onboarding", "onboarding:onboarding-board"),)),
    NavGroup("Trainings", (NavItem("Trainings", "trainings:session-list"),)),
    NavGroup("People", (NavItem("People", "people:person-list"),)),
    NavGroup(
        "Catalogues",
        (
            NavItem("Catalogues", "competencies:framework-list"),
            NavItem("Search", "competencies:item-search"),
            NavItem("Import catalogue", "competencies:import-create"),
        ),
    ),
    NavGroup(
        "Agency",
        (
            NavItem("Evaluation templates", "evaluations:template-list"),
            NavItem("Audit trail", "audit:logentry-list"),
            NavItem("Sign-in lockouts", "people:lockout-list"),
            NavItem("Training rules", "trainings:settings"),
            NavItem("Self-assessment", "readiness:cycle-list"),
        ),
    ),
    NavGroup("Network", (NavItem("Network", "organisations:network-figures"),)),
)


@lru_cache(maxsize=64)
def _links(urlconf: str, prefix: str) -> tuple[tuple[tuple[str, object], ...], ...]:
    """Each group's (url, access check) pairs. Reversing and resolving some 15 names cost
    every page about a millisecond (bench/README.md); the answers change only with the
    URL configuration and the script prefix, which are the cache's key."""
    return tuple(
        tuple(_access_check(item.url_name, urlconf, prefix) for item in group.items)
        for group in NAV
    )


@lru_cache(maxsize=256)
def _access_check(url_name: str, urlconf: str, prefix: str) -> tuple[str, object]:
    # The script prefix is part of the key: reverse() puts it in front of every URL.
    url = reverse(url_name, urlconf=urlconf)
    view_class = getattr(resolve(url, urlconf=urlconf).func, "view_class", None)
    return url, getattr(view_class, "user_can_access", None)


def link_for(user, url_name: str) -> str | None:
    """The URL named ``url_name`` if ``user`` may open its page, else None: the same
    question navigation asks, for a link drawn elsewhere (a figure's rows, say)."""
    url, check = _access_check(
        url_name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()
    )
    return url if check is None or check(user) else None


def nav_for(user, current_path: str = "") -> list[dict]:
    """The groups this user may use, each ``{"label", "entries", "active"}``; an entry is
    ``{"label", "url", "active"}``. The entry whose URL is the longest prefix of the
    current page is the active one, and so is its group."""
    groups = []
    links = _links(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    for group, pairs in zip(NAV, links, strict=True):
        entries = [
            {"label": item.label, "url": url, "active": False}
            for item, (url, check) in zip(group.items, pairs, strict=True)
            if check is None or check(user)
        ]
        if entries:
            label = next(
                (name for perm, name in group.labels_by_permission if user.has_perm(perm)),
                group.label,
            )
            groups.append({"label": label, "entries": entries, "active": False})
    if user.is_staff:
        # Django's admin site answers to is_staff, not to an access rule of ours.
        admin = {"label": "Admin site", "url": reverse("admin:index"), "active": False}
        agency = next((g for g in groups if g["label"] == "Agency"), None)
        if agency is None:
            groups.append({"label": "Agency", "entries": [admin], "active": False})
        else:
            agency["entries"].append(admin)
    matches = [
        (group, entry)
        for group in groups
        for entry in group["entries"]
        if entry["url"] == current_path
        or (entry["url"] != "/" and current_path.startswith(entry["url"]))
    ]
    if matches:
        group, entry = max(matches, key=lambda match: len(match[1]["url"]))
        group["active"] = entry["active"] = True
    return groups
