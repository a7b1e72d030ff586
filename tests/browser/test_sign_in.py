import pytest

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
    assert page.get_by_role("heading", name="Sign in to PeerWorks").is_visible()
    assert_accessible(page)


def test_catalogue_pages_are_accessible(
    page, live_server, sign_in, catalogues, make_person, assert_accessible
):
    sign_in(page, make_person(Role.PROGRAM_ADMIN))
    page.get_by_role("link", name="Catalogues").first.click()
    assert page.get_by_role("heading", name="Competency catalogues").is_visible()
    assert_accessible(page)
    page.get_by_role(
        "link", name="Core Competencies for Peer Workers in Behavioral Health Services"
    ).click()
    assert page.get_by_text("Uses active listening skills").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="IX.2").click()
    assert page.get_by_role("heading", name="Aligned with").is_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/items/?q=listening")
    assert page.get_by_text("Uses active listening skills").first.is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Import catalogue").click()
    assert page.get_by_role("heading", name="Import a catalogue").is_visible()
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
    page.get_by_role("link", name="Import catalogue").click()
    page.get_by_label("Catalogue file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Preview import").click()
    assert page.get_by_text("1 item to add: 1.1").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm import").click()
    assert page.get_by_text("Imported:").is_visible()
    assert page.get_by_role("link", name="local-skills").is_visible()
