"""Backup and restore, on whichever engine the suite runs on (SQLite locally, PostgreSQL in CI)."""

import os
import stat
import subprocess
import sys
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.utils import load_backend

from core.backups import BackupError, backup_create, postgres_dump
from core.integrity import chain_head
from home.demo import demo_seed
from people.roles import Role
from tests.revisions import evaluation_revision

from ..factories import ProgramFactory, StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = connection.vendor == "postgresql"
# What the other engine's backup looks like, to be refused.
OTHER_ENGINES_BACKUP = b'[{"model": "people.program"}]' if ON_POSTGRESQL else b"PGDMP\x01\x0e"


def _many_to_many_tables() -> dict[str, str]:
    """Django's own many-to-many tables -> their columns other than the row id.

    Their rows travel in a backup as the pairs they link (inside the objects that own
    them), so a restore numbers them afresh: the pairs are what must come back."""
    return {
        model._meta.db_table: ", ".join(
            f.column for f in model._meta.concrete_fields if not f.primary_key
        )
        for model in apps.get_models(include_auto_created=True)
        if model._meta.auto_created
    }


def _table_contents(wrapper) -> dict[str, list[str]]:
    """Every table's rows (sorted, as text), by table name, as the database itself lists them."""
    contents, pairs = {}, _many_to_many_tables()
    with wrapper.cursor() as cursor:
        for table in wrapper.introspection.table_names(cursor):
            columns = pairs.get(table, "*")
            if table == "django_migrations":
                # A fresh migrate records its own times: which migrations were applied is what counts.
                columns = "app, name"
            cursor.execute(f"SELECT {columns} FROM {wrapper.ops.quote_name(table)}")
            contents[table] = sorted(repr(row) for row in cursor.fetchall())
    return contents


@contextmanager
def _scratch_database(tmp_path: Path):
    """An empty database beside the test database: (its DATABASE_URL, a connection to it)."""
    test_settings = connection.settings_dict
    if ON_POSTGRESQL:
        name = f"{test_settings['NAME']}_restore_{os.getpid()}"
        credentials = quote(test_settings["USER"] or "", safe="")
        if test_settings["PASSWORD"]:
            credentials += ":" + quote(test_settings["PASSWORD"], safe="")
        address = test_settings["HOST"] + (
            f":{test_settings['PORT']}" if test_settings["PORT"] else ""
        )
        url = f"postgres://{credentials}@{address}/{name}"
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
    else:
        name = str(tmp_path / "restored.sqlite3")
        url = f"sqlite:///{name}"
    # A connection of its own, outside Django's handler: the test database stays the default.
    scratch = load_backend(test_settings["ENGINE"]).DatabaseWrapper(
        {**test_settings, "NAME": name}, alias="backup_scratch"
    )
    try:
        yield url, scratch
    finally:
        scratch.close()
        if ON_POSTGRESQL:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)"
                )


def _fill_every_app():
    """Catalogues are loaded by the fixture; the demo organisation fills evaluations,
    onboarding, check-ins, trainings and work plans; a few more people, and a session."""
    demo_seed()
    program = ProgramFactory()
    for role in (Role.PROGRAM_ADMIN, Role.HR, Role.SUPERVISOR, Role.PEER):
        StaffProfileFactory(user=UserFactory(roles=[role]), program=program)


def _restore_command(path, url):
    """``manage.py restore`` as an operator runs it: its own process, whose default
    database is ``url``."""
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(path), "--yes"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_scratch_database_with_every_row(catalogues, client, tmp_path):
    _fill_every_app()
    client.force_login(UserFactory())
    expected = _table_contents(connection)
    filled = [table for table, rows in expected.items() if rows]
    assert len(filled) >= 30, f"too few tables have rows to prove anything: {filled}"

    out, err = StringIO(), StringIO()
    call_command("backup", output=tmp_path / "backup", stdout=out, stderr=err)
    path = Path(out.getvalue().strip())
    assert path == tmp_path / "backup" and path.stat().st_size > 0
    # The chain's head goes with the backup's log, and the restore names the same link.
    head = chain_head()
    assert head is not None
    assert f"Chain of sealed records: head link {head.position}, {head.mac}." in err.getvalue()

    with _scratch_database(tmp_path) as (url, scratch):
        # The restore runs as an operator would run it: its own process, whose default
        # database is the scratch one.
        restore = _restore_command(path, url)
        assert restore.returncode == 0, restore.stderr
        assert "Restored the" in restore.stdout
        assert f"Chain of sealed records: head link {head.position}, {head.mac}." in restore.stdout
        restored = _table_contents(scratch)
        # The guards came back with the rows: history is as append-only as before.
        with scratch.cursor() as cursor:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
                if ON_POSTGRESQL
                else "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            )
            triggers = {row[0] for row in cursor.fetchall()}

    assert sorted(restored) == sorted(expected)
    assert {table: len(rows) for table, rows in restored.items()} == {
        table: len(rows) for table, rows in expected.items()
    }
    assert {"auditlog_logentry_append_only", "recordlink_append_only"} <= triggers or {
        "auditlog_logentry_append_only_delete",
        "core_recordlink_append_only_update",
        "evaluations_evaluationitem_finalized_insert",
    } <= triggers, triggers
    # Beyond the counts: every row comes back as it was (times to the microsecond).
    different = [table for table in expected if restored[table] != expected[table]]
    assert not different, f"tables restored with different rows: {different}"


def test_backup_defaults_to_var_backups_with_a_timestamp_and_only_the_owner_reads_it(
    settings, tmp_path
):
    settings.BASE_DIR = tmp_path
    out = StringIO()
    call_command("backup", stdout=out, stderr=StringIO())
    path = Path(out.getvalue().strip())
    assert path.parent == tmp_path / "var" / "backups"
    assert path.name.startswith("peerworks-20") and path.suffix in {".dump", ".json"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # Never silently over another backup; and nothing half-written is left behind.
    with pytest.raises(BackupError, match="already exists"):
        backup_create(output=path)
    assert [file.name for file in path.parent.iterdir()] == [path.name]


def test_restore_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No backup file at"):
        call_command("restore", str(tmp_path / "nothing.json"), yes=True)


def test_restore_refuses_the_other_engines_backup(tmp_path):
    path = tmp_path / "other"
    path.write_bytes(OTHER_ENGINES_BACKUP)
    engine = "PostgreSQL" if ON_POSTGRESQL else "SQLite"
    with pytest.raises(CommandError, match=f"but this database is {engine}"):
        call_command("restore", str(path), yes=True)


def test_restore_refuses_a_file_that_is_no_backup(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("-- PostgreSQL database dump\n")
    with pytest.raises(CommandError, match="is not a PeerWorks backup"):
        call_command("restore", str(path), yes=True)


def test_restore_without_yes_and_no_one_to_ask_changes_nothing(tmp_path):
    path = backup_create(output=tmp_path / "backup")
    program = ProgramFactory()
    # pytest gives commands no terminal to ask on.
    with pytest.raises(CommandError, match="Nothing was changed: pass --yes"):
        call_command("restore", str(path))
    program.refresh_from_db()


def test_a_missing_pg_dump_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackupError, match="pg_dump was not found on PATH"):
        postgres_dump(
            settings_dict={"NAME": "peerworks", "USER": "", "HOST": "", "PORT": "", "OPTIONS": {}},
            output=tmp_path / "backup.dump",
        )


@pytest.mark.django_db(transaction=True)
def test_a_restore_whose_sealed_records_do_not_verify_fails_saying_so(
    catalogues, peer, supervisor, tmp_path
):
    from core.db import sqlite_guards_lifted
    from evaluations.services.workflow import evaluation_acknowledge, evaluation_finalize
    from tests.evaluations.conftest import make_submitted_evaluation

    submitted = make_submitted_evaluation(peer, supervisor)
    evaluation_acknowledge(
        evaluation=submitted,
        by=peer,
        revision=evaluation_revision(submitted),
        signature=peer.get_full_name(),
    )
    evaluation_finalize(evaluation=submitted, by=supervisor)
    # Rewritten behind the application's back, triggers off, before the backup is taken.
    with sqlite_guards_lifted(connection), connection.cursor() as cursor:
        if ON_POSTGRESQL:
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "UPDATE evaluations_evaluation SET goals = 'Rewritten' WHERE id = %s", [submitted.pk]
        )
        if ON_POSTGRESQL:
            cursor.execute("SET session_replication_role = DEFAULT")
    path = backup_create(output=tmp_path / "backup")
    with _scratch_database(tmp_path) as (url, _):
        restore = _restore_command(path, url)
    assert restore.returncode != 0
    assert "The restored records do not verify" in restore.stderr
