from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group

from .models import IdentityLink, Population, Program, StaffProfile, User
from .roles import ROLE_PERMISSIONS
from .services import person_leave, person_reinstate, person_set_roles


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    fk_name = "user"
    can_delete = False
    autocomplete_fields = ("supervisor",)
    # Leaving goes through people.services.person_leave, on the staff profile's own page.
    readonly_fields = ("end_date",)


# Permissions come only from roles (people/roles.py, applied by roles_sync), so no form
# offers them one by one; whether an account is staff follows from its roles too.
_NEVER_EDITED_HERE = {"user_permissions", "is_staff"}
# Only a superuser (the first one is made on the command line) may make another.
_SUPERUSER_ONLY = {"is_superuser"}


def _without(fieldsets, names):
    return [
        (title, {**options, "fields": tuple(f for f in options["fields"] if f not in names)})
        for title, options in fieldsets
    ]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [StaffProfileInline]
    list_display = ("username", "first_name", "last_name", "email", "roles", "is_active")
    list_filter = ("groups", "is_active", "profile__program")

    @admin.display(description="Roles")
    def roles(self, obj):
        return ", ".join(sorted(obj.role_names))

    def _hidden_from(self, request):
        return _NEVER_EDITED_HERE | (set() if request.user.is_superuser else _SUPERUSER_ONLY)

    def get_fieldsets(self, request, obj=None):
        return _without(super().get_fieldsets(request, obj), self._hidden_from(request))

    def get_readonly_fields(self, request, obj=None):
        # Whether the account is active follows the staff profile's end date
        # (people.services.person_leave): a checkbox here would be a second notion of leaving.
        return (*super().get_readonly_fields(request, obj), "is_active")

    def get_form(self, request, obj=None, **kwargs):
        # The form is built from the visible fields only, so a forged is_superuser or
        # user_permissions in the POST is ignored rather than saved.
        form = super().get_form(request, obj, **kwargs)
        if "groups" in form.base_fields:
            form.base_fields["groups"].queryset = Group.objects.filter(
                name__in=ROLE_PERMISSIONS
            ).order_by("name")
        return form

    def save_model(self, request, obj, form, change):
        # Someone added here works for the agency of whoever adds them (never typed).
        if not change:
            obj.organisation = request.user.organisation
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Roles picked here go through the same service as everywhere else.
        user = form.instance
        person_set_roles(user=user, roles=set(user.groups.values_list("name", flat=True)))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def has_change_permission(self, request, obj=None):
        # Changing a superuser's password or email would be a way to become them.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # People are made inactive, never deleted: their evaluations, plans and the audit
        # trail naming them are personnel records the agency must keep.
        return False


admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(DjangoGroupAdmin):
    """Role groups are shown, never edited: people/roles.py declares what each grants."""

    def get_fields(self, request, obj=None):
        return ("name",) if not request.user.is_superuser else ("name", "permissions")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    exclude = ("organisation",)

    def save_model(self, request, obj, form, change):
        # A program is its agency's: the one of whoever adds it (never typed).
        if not change:
            obj.organisation = request.user.organisation
        super().save_model(request, obj, form, change)


@admin.register(Population)
class PopulationAdmin(admin.ModelAdmin):
    list_display = ("name", "requirement", "order")


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "job_title", "program", "supervisor", "employment_type", "end_date")
    list_filter = ("program", "employment_type", ("end_date", admin.EmptyFieldListFilter))
    list_select_related = ("user", "program", "supervisor")
    search_fields = ("user__first_name", "user__last_name", "user__username")
    autocomplete_fields = ("user", "supervisor")

    def save_model(self, request, obj, form, change):
        # The leaving day is recorded by the service, which also ends or restores the
        # account's access; everything else is saved as the admin saves it.
        end_date = obj.end_date
        if change and "end_date" in form.changed_data:
            obj.end_date = form.initial.get("end_date")
        elif not change:
            obj.end_date = None
        super().save_model(request, obj, form, change)
        if end_date != obj.end_date:
            if end_date is None:
                person_reinstate(person=obj.user, by=request.user)
            else:
                person_leave(person=obj.user, end_date=end_date, by=request.user)
            obj.refresh_from_db()


@admin.register(IdentityLink)
class IdentityLinkAdmin(admin.ModelAdmin):
    """Which account at an organisation's identity provider signs in as whom (people/oidc.py).

    No role grants these permissions: a superuser deletes a link when the provider gave
    the person a new account (or gave theirs to someone else); their next sign-in then
    links again by verified email. Links are made only by signing in."""

    list_display = ("user", "provider", "subject", "linked_at")
    list_select_related = ("user", "provider__organisation")
    search_fields = ("user__username", "user__email", "subject")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
