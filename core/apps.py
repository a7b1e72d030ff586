import logging

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_sqlite_guards(sender, using="default", **kwargs):
    from django.db import connections

    from .db import sqlite_guards_install

    sqlite_guards_install(connections[using])


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Core"

    def ready(self):
        # Python's warnings (deprecations, Celery's warning about running as root) go
        # through logging too, so they reach the collector as lines like any other.
        logging.captureWarnings(True)
        # After every migrate: SQLite drops a table's triggers when it rebuilds the table.
        post_migrate.connect(_install_sqlite_guards, sender=self)
        from .db import register_sqlite_guards
        from .guards import sqlite_triggers

        register_sqlite_guards(sqlite_triggers)

        from .models import Notice
        from .queueing import register_notice_outbox
        from .tasks import send_notice

        register_notice_outbox(Notice, task=send_notice)
