from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import Population, Program, StaffProfile, User
from .services import person_leave, person_reinstate


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    fk_name = "user"
    can_delete = False
    autocomplete_fields = ("supervisor",)
    # Leaving goes through people.services.person_leave, on the staff profile's own page.
    readonly_fields = ("end_date",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [StaffProfileInline]
    list_display = ("username", "first_name", "last_name", "email", "roles", "is_active")
    list_filter = ("groups", "is_active", "profile__program")

    @admin.display(description="Roles")
    def roles(self, obj):
        return ", ".join(sorted(obj.role_names))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def has_delete_permission(self, request, obj=None):
        # People are made inactive, never deleted: their evaluations, plans and the audit
        # trail naming them are personnel records the agency must keep.
        return False


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


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
