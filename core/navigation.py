"""The main navigation, derived from the views' own access rules."""

from dataclasses import dataclass

from django.urls import resolve, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str


NAV_ITEMS = (
    NavItem("Home", "home"),
    NavItem("Catalogues", "competencies:framework-list"),
    NavItem("Search", "competencies:item-search"),
    NavItem("Evaluations", "evaluations:evaluation-list"),
    NavItem("Trainings", "trainings:session-list"),
    NavItem("Team summary", "evaluations:team-summary"),
    NavItem("Onboarding", "onboarding:onboarding-board"),
    NavItem("Check-ins", "onboarding:checkin-list"),
    NavItem("Work plans", "workplans:workplan-list"),
    NavItem("People", "people:person-list"),
    NavItem("Import catalogue", "competencies:import-create"),
    NavItem("Templates", "evaluations:template-list"),
    NavItem("Audit trail", "audit:logentry-list"),
    NavItem("Network", "organisations:network-figures"),
)


def nav_for(user, current_path: str = "") -> list[dict]:
    entries = []
    for item in NAV_ITEMS:
        url = reverse(item.url_name)
        view_class = getattr(resolve(url).func, "view_class", None)
        check = getattr(view_class, "user_can_access", None)
        if check is not None and not check(user):
            continue
        entries.append({"label": item.label, "url": url, "active": False})
    # The entry whose URL is the longest prefix of the current page is the active one.
    matches = [
        e
        for e in entries
        if e["url"] == current_path or (e["url"] != "/" and current_path.startswith(e["url"]))
    ]
    if matches:
        max(matches, key=lambda e: len(e["url"]))["active"] = True
    return entries
