"""The organisation that rows made before organisations existed are given to."""

from django.conf import settings

DEFAULT_SLUG = "default"


def default_organisation_for_migration(apps):
    """The one organisation of a deployment that had no organisations yet, made on first
    need (a fresh database has no rows to give it, so none is made)."""
    Organisation = apps.get_model("organisations", "Organisation")
    organisation, _ = Organisation.objects.get_or_create(
        slug=DEFAULT_SLUG, defaults={"name": getattr(settings, "AGENCY_NAME", "") or "PeerWorks"}
    )
    return organisation


def assign_default_organisation(app_label: str, model_names: list[str]):
    """A RunPython step: rows of these models without an organisation get the default.

    Finalized evaluations and signed work plans refuse any change (their guards); giving
    them an owner is not a change of content, so the guards are lifted for this step
    only (PostgreSQL: the migrating role owns the tables; SQLite: ``core.db``)."""

    def forwards(apps, schema_editor):
        from core.db import sqlite_guards_lifted

        connection = schema_editor.connection
        for name in model_names:
            model = apps.get_model(app_label, name)
            rows = model.objects.filter(organisation__isnull=True)
            if not rows.exists():
                continue
            organisation = default_organisation_for_migration(apps)
            table = schema_editor.quote_name(model._meta.db_table)
            with sqlite_guards_lifted(connection):
                if connection.vendor == "postgresql":
                    # Checked now, so no deferred check is pending when the triggers return.
                    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    schema_editor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
                rows.update(organisation=organisation)
                if connection.vendor == "postgresql":
                    schema_editor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")

    return forwards
