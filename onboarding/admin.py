from django.contrib import admin

from .models import (
    CheckIn,
    CheckInSchedule,
    ChecklistTemplate,
    ChecklistTemplateItem,
    Holiday,
    Onboarding,
    OnboardingItem,
    Question,
    QuestionSet,
)


class ChecklistTemplateItemInline(admin.TabularInline):
    model = ChecklistTemplateItem
    extra = 0
    fields = (
        "order",
        "phase",
        "group",
        "text",
        "assignee",
        "due_offset_days",
        "applies_to",
        "required",
        "record_only",
    )


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "program", "is_default")
    inlines = [ChecklistTemplateItemInline]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name")


class OnboardingItemInline(admin.TabularInline):
    model = OnboardingItem
    extra = 0
    fields = ("phase", "text", "assignee", "due_date", "status", "completed_by", "completed_at")
    readonly_fields = fields
    can_delete = False


@admin.register(Onboarding)
class OnboardingAdmin(admin.ModelAdmin):
    list_display = ("person", "start_date", "supervisor", "program", "status")
    list_filter = ("status", "program")
    list_select_related = ("person", "supervisor", "program")
    inlines = [OnboardingItemInline]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(QuestionSet)
class QuestionSetAdmin(admin.ModelAdmin):
    list_display = ("name", "audience")
    inlines = [QuestionInline]


@admin.register(CheckInSchedule)
class CheckInScheduleAdmin(admin.ModelAdmin):
    list_display = ("person", "supervisor", "next_due")
    list_select_related = ("person", "supervisor")


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ("schedule", "held_on", "recorded_by")
