from django.contrib import admin

from .models import (
    Course,
    CourseBundle,
    CourseCompetency,
    CourseGroup,
    Enrolment,
    Session,
    SessionSlot,
)


@admin.register(CourseGroup)
class CourseGroupAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "order"]


class CourseCompetencyInline(admin.TabularInline):
    model = CourseCompetency
    extra = 1
    autocomplete_fields = ["domain"]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "hours", "attendance_min", "attendance_max", "audience"]
    list_filter = ["group", "audience", "is_active"]
    search_fields = ["title", "code"]
    filter_horizontal = ["prerequisites"]
    inlines = [CourseCompetencyInline]


@admin.register(CourseBundle)
class CourseBundleAdmin(admin.ModelAdmin):
    list_display = ["title", "code"]
    filter_horizontal = ["courses"]


class SessionSlotInline(admin.TabularInline):
    model = SessionSlot
    extra = 1


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["course", "enrolment_deadline", "capacity", "status"]
    list_filter = ["status", "course__group"]
    inlines = [SessionSlotInline]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    """Read-only: seats change only through the enrolment services (locks and the waitlist)."""

    list_display = ["person", "session", "status", "hours_credited"]
    list_filter = ["status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
