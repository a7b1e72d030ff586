"""The admin site grants nothing beyond roles: no superuser or single permission by form."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from organisations.models import IdentityProvider, Organisation
from people.models import IdentityLink
from people.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _change_form_data(client, url, **overrides):
    """What the admin's change form would post back unchanged, plus ``overrides``."""
    context = client.get(url).context
    data = {}
    forms = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update(
            {management[name].html_name: management[name].value() for name in management.fields}
        )
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                data[form[name].html_name] = [getattr(v, "pk", v) for v in value]
            elif value is True:
                data[form[name].html_name] = "on"
            else:
                data[form[name].html_name] = getattr(value, "pk", value)
    # SplitDateTime widgets post two parts.
    for name in [key for key in data if key in ("date_joined", "last_login")]:
        value = data.pop(name)
        data[f"{name}_0"], data[f"{name}_1"] = value.date().isoformat(), value.time().isoformat()
    data.update(overrides)
    return data


def _forged():
    return {
        "is_superuser": "on",
        "is_staff": "on",
        "user_permissions": [p.pk for p in Permission.objects.filter(codename="change_group")],
        "groups": [Group.objects.get(name=Role.PROGRAM_ADMIN).pk],
    }


def test_a_program_admin_cannot_make_anyone_a_superuser_or_grant_a_permission(
    client, admin_user, peer
):
    client.force_login(admin_user)
    for target in (peer, admin_user):
        url = reverse("admin:people_user_change", args=[target.pk])
        response = client.post(url, _change_form_data(client, url, **_forged()))
        assert response.status_code == 302, getattr(response.context.get("errors"), "as_text", None)
        target.refresh_from_db()
        assert not target.is_superuser
        assert not target.user_permissions.exists()
    # The role was granted (through roles), and with it the admin site: nothing more.
    assert peer.has_role(Role.PROGRAM_ADMIN) and peer.is_staff
    assert not peer.has_perm("auth.change_group")


def test_nobody_but_a_superuser_sees_superuser_or_permission_fields(client, admin_user, peer):
    client.force_login(admin_user)
    body = client.get(reverse("admin:people_user_change", args=[peer.pk])).content.decode()
    assert 'name="is_superuser"' not in body
    assert 'name="user_permissions"' not in body
    assert 'name="is_staff"' not in body
    assert 'name="groups"' in body
    group = Group.objects.get(name=Role.PEER)
    body = client.get(reverse("admin:auth_group_change", args=[group.pk])).content.decode()
    assert "permissions" not in body.split("<form", 1)[-1].split("</form>", 1)[0]


def test_role_groups_cannot_be_edited_in_the_admin_even_by_a_superuser(client, admin_user):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    group = Group.objects.get(name=Role.PEER)
    permission = Permission.objects.get(codename="change_group")
    response = client.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": Role.PEER, "permissions": [permission.pk]},
    )
    assert response.status_code == 403
    assert not group.permissions.filter(pk=permission.pk).exists()
    add = client.post(reverse("admin:auth_group_add"), {"name": "Shadow"})
    assert add.status_code == 403
    assert not Group.objects.filter(name="Shadow").exists()


def test_a_program_admin_cannot_change_a_superusers_account(client, admin_user, make_person):
    root = make_person(None)
    root.is_superuser = root.is_staff = True
    root.save()
    client.force_login(admin_user)
    change = reverse("admin:people_user_change", args=[root.pk])
    response = client.post(change, {"username": root.username, "email": "mine@example.org"})
    assert response.status_code == 403
    password = reverse("admin:auth_user_password_change", args=[root.pk])
    response = client.post(password, {"password1": "taken-over-9!", "password2": "taken-over-9!"})
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.email != "mine@example.org"
    assert not root.check_password("taken-over-9!")


def test_only_a_superuser_makes_another_superuser(client, admin_user, peer):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    url = reverse("admin:people_user_change", args=[peer.pk])
    assert 'name="is_superuser"' in client.get(url).content.decode()
    response = client.post(url, _change_form_data(client, url, is_superuser="on"))
    assert response.status_code == 302
    peer.refresh_from_db()
    assert peer.is_superuser and peer.is_staff


def test_a_permission_given_to_one_account_directly_grants_nothing(peer):
    peer.user_permissions.add(Permission.objects.get(codename="change_group"))
    peer = type(peer).objects.get(pk=peer.pk)
    assert not peer.has_perm("auth.change_group")


def test_the_user_page_cannot_switch_an_account_off_behind_the_end_date(client, admin_user, peer):
    """Leaving is recorded as an end date on the staff profile (person_leave); the user
    page's "active" box would be a second way to leave, with no date for the records."""
    client.force_login(admin_user)
    url = reverse("admin:people_user_change", args=[peer.pk])
    data = _change_form_data(client, url)
    data.pop("is_active", None)  # an unticked box is simply not posted
    assert 'name="is_active"' not in client.get(url).content.decode()
    response = client.post(url, data)
    assert response.status_code == 302
    peer.refresh_from_db()
    assert peer.is_active and peer.profile.end_date is None


def test_identity_links_are_listed_for_superusers_and_made_only_by_signing_in(client, admin_user):
    organisation = Organisation.objects.create(name="Riverside", slug="riverside")
    provider = IdentityProvider.objects.create(
        organisation=organisation, issuer="https://idp.example", client_id="pw"
    )
    person = UserFactory(organisation=organisation)
    IdentityLink.objects.create(user=person, provider=provider, subject="subject-1")
    listing = reverse("admin:people_identitylink_changelist")
    client.force_login(admin_user)
    assert client.get(listing).status_code == 403
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert "subject-1" in client.get(listing).content.decode()
    assert client.get(reverse("admin:people_identitylink_add")).status_code == 403
