from django.contrib import admin

from .models import FollowUpMeeting, GuidePoint, GuideSection, ImmediateStep, WorkPlan


@admin.register(GuidePoint)
class GuidePointAdmin(admin.ModelAdmin):
    list_display = ["number", "text"]


@admin.register(GuideSection)
class GuideSectionAdmin(admin.ModelAdmin):
    list_display = ["numeral", "title"]


class StepInline(admin.TabularInline):
    model = ImmediateStep
    extra = 0
    raw_id_fields = ["owner"]


class MeetingInline(admin.TabularInline):
    model = FollowUpMeeting
    extra = 0
    raw_id_fields = ["recorded_by"]


@admin.register(WorkPlan)
class WorkPlanAdmin(admin.ModelAdmin):
    """Read-mostly: changes go through the app so the signing lock is respected."""

    list_display = ["employee", "manager", "start_date", "end_date", "is_locked"]
    list_select_related = ["employee", "manager"]
    raw_id_fields = ["employee", "manager", "evaluation"]
    inlines = [StepInline, MeetingInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
