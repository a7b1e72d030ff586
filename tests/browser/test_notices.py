"""The email settings page and the page an email's link opens: usable, and axe-clean."""

import pytest
from django.urls import reverse

from core.notices import notice_preferences, preference_token
from people.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_person_moves_hand_offs_to_the_daily_digest(
    page, live_server, sign_in, make_person, assert_accessible
):
    peer = make_person(Role.PEER)
    sign_in(page, peer)
    page.get_by_role("contentinfo").get_by_role("link", name="Email settings").click()
    assert page.url.endswith(reverse("notice-settings"))
    assert_accessible(page)
    page.get_by_role("group", name="Emails about work plans ready to sign").get_by_label(
        "In one email a day (the daily digest)"
    ).check()
    page.get_by_role("button", name="Save email settings").click()
    page.get_by_text("Your email settings are saved.").wait_for()
    assert_accessible(page)
    assert notice_preferences(person=peer)["workplans.handoffs"] == "digest"


def test_the_link_in_an_email_works_without_signing_in(
    page, live_server, make_person, assert_accessible
):
    peer = make_person(Role.PEER)
    token = preference_token(person_id=peer.pk, kind="onboarding.reminders")
    page.goto(live_server.url + reverse("notice-preference-link", args=[token]))
    assert_accessible(page)
    page.get_by_label("Not by email").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved.").wait_for()
    assert_accessible(page)
    assert notice_preferences(person=peer)["onboarding.reminders"] == "off"
