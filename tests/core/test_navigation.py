"""The main navigation: grouped by what each role does, from the views' own access rules."""

import pytest
from django.urls import reverse

from core.navigation import nav_for
from people.roles import Role

pytestmark = pytest.mark.django_db


def _labels(groups):
    return {g["label"]: [e["label"] for e in g["entries"]] for g in groups}


def test_a_peer_sees_their_own_work_and_nothing_they_cannot_open(make_person):
    groups = _labels(nav_for(make_person(Role.PEER)))
    assert list(groups) == ["Home", "My work", "Onboarding", "Trainings", "Catalogues"]
    assert groups["My work"] == ["Evaluations", "Check-ins", "Work plans"]
    assert groups["Catalogues"] == ["Catalogues", "Search"]


def test_groups_are_named_for_the_readers_work(make_person):
    assert "My team" in _labels(nav_for(make_person(Role.SUPERVISOR)))
    hr = _labels(nav_for(make_person(Role.HR)))
    assert "Staff" in hr and "Onboarding" in hr and "People" in hr


def test_a_program_admin_has_the_agency_menu(make_person):
    groups = _labels(nav_for(make_person(Role.PROGRAM_ADMIN)))
    assert groups["Agency"][:5] == [
        "Evaluation templates",
        "Audit trail",
        "Sign-in lockouts",
        "Training rules",
        "Self-assessment",
    ]
    assert groups["Catalogues"] == ["Catalogues", "Search", "Import catalogue"]
    # Every role's bar stays short enough for one line at 1366 px.
    assert len(groups) <= 8


def test_the_current_page_marks_its_entry_and_its_group(make_person):
    groups = nav_for(make_person(Role.SUPERVISOR), reverse("workplans:workplan-list") + "3/")
    (active,) = [g for g in groups if g["active"]]
    assert active["label"] == "My team"
    assert [e["label"] for e in active["entries"] if e["active"]] == ["Work plans"]
    assert sum(e["active"] for g in groups for e in g["entries"]) == 1


def test_the_admin_site_is_offered_to_staff_accounts_only(make_person, admin_user):
    hr = make_person(Role.HR)
    assert not hr.is_staff and "Admin site" not in str(nav_for(hr))
    agency = [g for g in nav_for(admin_user) if g["label"] == "Agency"]
    assert agency and agency[0]["entries"][-1]["label"] == "Admin site"


def test_a_group_with_one_page_is_a_plain_link_and_several_make_a_menu(client, make_person):
    client.force_login(make_person(Role.SUPERVISOR))
    body = client.get(reverse("home")).content.decode()
    assert 'data-bs-toggle="dropdown" aria-expanded="false">My team</button>' in body
    assert f'<a class="nav-link" href="{reverse("trainings:session-list")}">Trainings</a>' in body


def test_the_agencys_name_and_logo_are_configured(client, make_person, settings):
    settings.AGENCY_NAME, settings.AGENCY_LOGO = "Harbor Peer Services", "favicon.svg"
    client.force_login(make_person(Role.PEER))
    body = client.get(reverse("home")).content.decode()
    assert '<img src="/static/favicon.svg" alt="Harbor Peer Services">PeerWorks</a>' in body
    assert "<title>" in body and "· Harbor Peer Services</title>" in body
    settings.AGENCY_LOGO = ""
    assert "<img" not in client.get(reverse("home")).content.decode().split("</nav>")[0]
