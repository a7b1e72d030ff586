import logging

from django.apps import AppConfig


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Core"

    def ready(self):
        # Python's warnings (deprecations, Celery's warning about running as root) go
        # through logging too, so they reach the collector as lines like any other.
        logging.captureWarnings(True)
