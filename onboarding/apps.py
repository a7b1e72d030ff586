from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "onboarding"

    def ready(self):
        from core.notices import NoticeKind, notice_kind_register
        from core.reminders import register_reminder_source
        from people.person_page import PersonSection, register_section

        from . import reminders
        from .selectors import person_page_check_ins, person_page_onboarding

        register_reminder_source(reminders.pending)
        notice_kind_register(
            NoticeKind(
                "onboarding.handoffs",
                "onboarding plans that start and items given to you",
                order=20,
            )
        )
        notice_kind_register(
            NoticeKind(
                "onboarding.reminders",
                "onboarding items and check-ins that are due",
                reminder=True,
                order=20,
            )
        )

        register_section(
            PersonSection(
                key="check-ins",
                title="Check-ins",
                template="onboarding/person_checkins_section.html",
                context=person_page_check_ins,
                order=30,
            )
        )
        register_section(
            PersonSection(
                key="onboarding",
                title="Onboarding",
                template="onboarding/person_section.html",
                context=person_page_onboarding,
                order=40,
            )
        )
