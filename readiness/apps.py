from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "readiness"
    verbose_name = "Agency self-assessment"

    def ready(self):
        # The daily reminder job reminds the owners of the action plan's actions.
        from core.reminders import register_reminder_source

        from . import reminders

        register_reminder_source(reminders.pending)
