"""The navigation bar at a laptop's width: every role's menus on one line, and usable."""

import pytest
from django.urls import reverse

from people.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("role", [Role.PEER, Role.SUPERVISOR, Role.HR, Role.PROGRAM_ADMIN])
def test_every_menu_fits_on_one_line_at_1366_px(
    page, live_server, sign_in, make_person, assert_accessible, role
):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, make_person(role))
    tops = page.eval_on_selector_all(
        "nav[aria-label=Main] .navbar-nav > .nav-item",
        "items => items.map(i => Math.round(i.getBoundingClientRect().top))",
    )
    assert len(tops) >= 4 and len(set(tops)) == 1, tops
    assert_accessible(page)


def test_a_menu_opens_from_the_keyboard(page, live_server, sign_in, make_person, assert_accessible):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, make_person(Role.SUPERVISOR))
    page.get_by_role("button", name="My team").focus()
    page.keyboard.press("Enter")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Team summary").click()
    assert page.url.endswith(reverse("evaluations:team-summary"))
    assert page.get_by_role("button", name="My team").get_attribute("class").endswith("active")
    assert_accessible(page)


def test_a_printed_page_holds_its_content_without_navigation_or_buttons(
    page, live_server, sign_in, make_person
):
    sign_in(page, make_person(Role.SUPERVISOR))
    page.goto(live_server.url + reverse("evaluations:team-summary"))
    page.emulate_media(media="print")
    assert not page.locator("nav[aria-label=Main]").is_visible()
    assert not page.locator("footer").is_visible()
    assert page.locator("main h1").is_visible()
    assert all(not button.is_visible() for button in page.locator("main .btn").all())
