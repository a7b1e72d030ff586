import pytest
from playwright.sync_api import expect

from people.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        (Role.PROGRAM_ADMIN, "Catalogues and people"),
        (Role.HR, "Onboarding board"),
        (Role.SUPERVISOR, "My team"),
        (Role.PEER, "My evaluations and trainings"),
    ],
)
def test_each_role_signs_in_and_sees_its_home(
    page, sign_in, make_person, assert_accessible, role, heading
):
    user = make_person(role)
    sign_in(page, user)
    assert page.get_by_role("heading", name=heading).is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to PeerWorks")).to_be_visible()
    assert_accessible(page)


def test_catalogue_pages_are_accessible(
    page, live_server, sign_in, catalogues, make_person, assert_accessible
):
    sign_in(page, make_person(Role.PROGRAM_ADMIN))
    page.get_by_role("button", name="Catalogues").click()
    page.get_by_role("link", name="Catalogues").first.click()
    expect(page.get_by_role("heading", name="Competency catalogues")).to_be_visible()
    assert_accessible(page)
    page.get_by_role(
        "link", name="Core Competencies for Peer Workers in Behavioral Health Services"
    ).click()
    expect(page.get_by_text("Uses active listening skills")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="IX.2").click()
    expect(page.get_by_role("heading", name="Aligned with")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/items/?q=listening")
    assert page.get_by_text("Uses active listening skills").first.is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Catalogues").click()
    page.get_by_role("link", name="Import catalogue").click()
    expect(page.get_by_role("heading", name="Import a catalogue")).to_be_visible()
    assert_accessible(page)


def test_admin_imports_a_csv_in_the_browser(
    page, sign_in, make_person, assert_accessible, tmp_path
):
    csv_file = tmp_path / "local.csv"
    csv_file.write_text(
        "framework,domain_code,domain_title,item_code,item_text,order\n"
        "local-skills,1,Listening,1.1,Listens with careful attention,1\n"
    )
    sign_in(page, make_person(Role.PROGRAM_ADMIN))
    page.get_by_role("button", name="Catalogues").click()
    page.get_by_role("link", name="Import catalogue").click()
    page.get_by_label("Catalogue file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Preview import").click()
    expect(page.get_by_text("1 item to add: 1.1")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm import").click()
    expect(page.get_by_text("Imported:")).to_be_visible()
    assert page.get_by_role("link", name="local-skills").is_visible()


def test_idle_warning_offers_to_stay_signed_in_then_signs_out(
    page, live_server, sign_in, make_person, assert_accessible
):
    page.clock.install()
    sign_in(page, make_person(Role.PEER))
    dialog = page.get_by_role("dialog", name="Are you still there?")
    assert not dialog.is_visible()
    page.clock.fast_forward("25:30")
    dialog.wait_for()
    assert dialog.get_by_text("signed out in 5 minutes").is_visible()
    assert_accessible(page)
    dialog.get_by_role("button", name="Stay signed in").click()
    dialog.wait_for(state="hidden")
    # The server pushed the end back: another 25 minutes pass before the next warning.
    page.clock.fast_forward("20:00")
    assert not dialog.is_visible()
    page.clock.fast_forward("11:00")
    page.wait_for_url(f"{live_server.url}/accounts/login/?next=%2F")


def test_two_factor_sign_in(page, live_server, make_person, assert_accessible):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories import PASSWORD

    user = make_person(Role.SUPERVISOR)
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="One more step")).to_be_visible()
    assert_accessible(page)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Code from your authenticator app").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="My team").is_visible()


def test_setting_up_two_factor_is_accessible(
    page, live_server, sign_in, make_person, assert_accessible
):
    sign_in(page, make_person(Role.PEER))
    page.goto(f"{live_server.url}/accounts/password_change/")
    page.get_by_role("link", name="Set up or change two-factor sign-in").click()
    # The click starts the navigation; the check waits for the page it leads to.
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert_accessible(page)


def test_five_wrong_passwords_pause_signing_in(page, live_server, make_person, assert_accessible):
    user = make_person(Role.PEER)
    page.goto(f"{live_server.url}/accounts/login/")
    for _ in range(5):
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Signing in is paused")).to_be_visible()
    assert_accessible(page)
