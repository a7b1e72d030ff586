from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "onboarding"

    def ready(self):
        from core.reminders import register_reminder_source

        from . import reminders

        register_reminder_source(reminders.pending)
