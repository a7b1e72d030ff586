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
        # After every migrate: SQLite drops a table's triggers when it rebuilds the table.
        post_migrate.connect(_install_sqlite_guards, sender=self)
