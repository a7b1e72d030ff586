"""Backing up the database and restoring it.

PostgreSQL is dumped with ``pg_dump`` in its custom format and restored with
``pg_restore`` in one transaction. SQLite is dumped as Django JSON (every row of
every table, primary keys kept) and restored into a freshly migrated database.
Either way the restored database ends at this code's schema (``migrate`` runs last).

Generated PDFs (``storages["documents"]``: a local folder or an object store) are not
included: they are rendered from the database, and a download whose file is missing
asks for a new export.
"""

import datetime
import os
import shutil
import subprocess
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from auditlog.context import disable_auditlog
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connections, models, router, transaction
from django.db.backends.postgresql.client import DatabaseClient
from django.utils import timezone

from .db import sqlite_guards_lifted

POSTGRESQL = "postgresql"
SQLITE = "sqlite"
ENGINE_NAMES = {POSTGRESQL: "PostgreSQL", SQLITE: "SQLite"}
EXTENSIONS = {POSTGRESQL: ".dump", SQLITE: ".json"}
# Every pg_dump custom-format file starts with these bytes.
PG_DUMP_MAGIC = b"PGDMP"
SQLITE_SIDE_FILES = ("-journal", "-wal", "-shm")


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def database_engine(*, using: str = "default") -> str:
    """``postgresql`` or ``sqlite``; any other engine is refused."""
    vendor = connections[using].vendor
    if vendor not in ENGINE_NAMES:
        raise BackupError(f"Backups support PostgreSQL and SQLite; this database is {vendor}.")
    return vendor


def database_label(*, using: str = "default") -> str:
    """The database in words, for confirmations: engine, name and host."""
    settings_dict = connections[using].settings_dict
    engine = database_engine(using=using)
    if engine == SQLITE:
        return f"SQLite database {settings_dict['NAME']}"
    host = settings_dict.get("HOST") or "the local socket"
    return f"PostgreSQL database {settings_dict['NAME']!r} on {host}"


def default_backup_path(*, engine: str, now: datetime.datetime | None = None) -> Path:
    """var/backups/peerworks-<UTC timestamp>.<dump|json>."""
    stamp = (now or timezone.now()).astimezone(datetime.UTC).strftime("%Y%m%d-%H%M%SZ")
    return Path(settings.BASE_DIR) / "var" / "backups" / f"peerworks-{stamp}{EXTENSIONS[engine]}"


def backup_create(*, output: Path | None = None, using: str = "default") -> Path:
    """Write a backup of the database to ``output`` (default: under var/backups) and return its path.

    The file is written under a temporary name and renamed when complete, so a
    failed backup never leaves something that looks like one. It holds personnel
    records: it is readable by its owner only."""
    engine = database_engine(using=using)
    target = Path(output) if output else default_backup_path(engine=engine)
    target = target.absolute()
    if target.exists():
        raise BackupError(f"{target} already exists; choose another --output.")
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, partial_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
    )
    os.close(handle)
    partial = Path(partial_name)
    try:
        if engine == POSTGRESQL:
            postgres_dump(settings_dict=connections[using].settings_dict, output=partial)
        else:
            sqlite_dump(using=using, output=partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def backup_restore(*, path: Path, using: str = "default") -> None:
    """Replace everything in the database with the backup at ``path``, then migrate.

    Destructive: callers confirm first. Check the file with ``backup_check`` before
    asking, so that no one confirms a restore that cannot work."""
    engine = backup_check(path=path, using=using)
    if engine == POSTGRESQL:
        postgres_restore(settings_dict=connections[using].settings_dict, path=Path(path))
    else:
        sqlite_restore(using=using, path=Path(path))
    # A backup made by an older PeerWorks is brought up to this code's schema, and
    # content types, permissions and roles of newer models are created.
    call_command("migrate", database=using, interactive=False, verbosity=0)


def backup_check(*, path: Path, using: str = "default") -> str:
    """The database engine, once ``path`` is known to be a backup this database can restore."""
    engine = database_engine(using=using)
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    with open(path, "rb") as handle:
        head = handle.read(len(PG_DUMP_MAGIC) + 64)
    if head.startswith(PG_DUMP_MAGIC):
        found = POSTGRESQL
    elif head.lstrip()[:1] == b"[":
        found = SQLITE
    else:
        raise BackupError(
            f"{path} is not a PeerWorks backup: expected a pg_dump custom-format file "
            "(from PostgreSQL) or a JSON dump (from SQLite), as `make backup` writes."
        )
    if found != engine:
        made_by = (
            "a pg_dump backup of a PostgreSQL"
            if found == POSTGRESQL
            else "a JSON dump of an SQLite"
        )
        raise BackupError(
            f"{path} is {made_by} database, but this database is "
            f"{ENGINE_NAMES[engine]}: restore it with DATABASE_URL pointing at "
            f"{ENGINE_NAMES[found]}."
        )
    return engine


# PostgreSQL -------------------------------------------------------------------


def postgres_dump(*, settings_dict: dict, output: Path) -> None:
    """pg_dump in the custom format (compressed; pg_restore can clean and reorder it)."""
    _pg_run(
        "pg_dump",
        ["--format=custom", f"--file={output}"],
        settings_dict=settings_dict,
        failure="pg_dump failed; no backup was written",
    )


def postgres_restore(*, settings_dict: dict, path: Path) -> None:
    """pg_restore in one transaction: on any error the database is left as it was.

    --clean --if-exists drops what the backup holds before recreating it;
    --no-owner lets a different database user restore it."""
    # Our own idle connection would only hold locks the restore has to wait for.
    connections.close_all()
    _pg_run(
        "pg_restore",
        ["--clean", "--if-exists", "--no-owner", "--single-transaction"],
        settings_dict=settings_dict,
        failure="pg_restore failed; nothing was changed (the restore runs in one transaction)",
        last=(str(path),),
    )


def _pg_run(
    tool: str, options: list[str], *, settings_dict: dict, failure: str, last: tuple[str, ...] = ()
) -> None:
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(
            f"{tool} was not found on PATH. Install the PostgreSQL client tools, in the same "
            "major version as the server or newer (Debian: apt-get install postgresql-client)."
        )
    connection_args = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            connection_args.append(f"{option}={settings_dict[key]}")
    # The password (and TLS options) go in the environment the way Django's dbshell
    # passes them: a command line is visible to every user of the machine.
    _, connection_env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    result = subprocess.run(
        [
            executable,
            *options,
            *connection_args,
            f"--dbname={settings_dict['NAME']}",
            # Never wait for a password prompt that no one will answer.
            "--no-password",
            *last,
        ],
        env={**os.environ, **(connection_env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{failure}:\n{result.stderr.strip()}")


# SQLite -----------------------------------------------------------------------


class _ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, except that times keep their microseconds.

    Django's encoder rounds them to milliseconds; a restore must give back exactly
    what was saved, not something that merely looks like it."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _backed_up_models(using: str) -> Iterator[type[models.Model]]:
    # As dumpdata chooses: every concrete model migrated on this database.
    # Auto-created many-to-many tables travel inside the objects that own them.
    for model in apps.get_models():
        if not model._meta.proxy and router.allow_migrate_model(using, model):
            yield model


def sqlite_dump(*, using: str, output: Path) -> None:
    """Every row of every table as Django JSON, read in one transaction (one moment)."""

    def objects():
        for model in _backed_up_models(using):
            # The base manager: a default manager that hides rows must not drop them.
            yield from model._base_manager.using(using).order_by(model._meta.pk.name).iterator()

    with transaction.atomic(using=using), open(output, "w", encoding="utf-8") as stream:
        serializers.serialize("json", objects(), stream=stream, indent=1, cls=_ExactJSONEncoder)


def sqlite_restore(*, using: str, path: Path) -> None:
    """Move the database file aside, migrate a fresh one, load the dump into it.

    The fresh database is emptied first (migrate creates content types,
    permissions, roles and the reminder schedule) so that every row, with its
    primary key, comes from the backup. On any failure the old file is put back."""
    connection = connections[using]
    if connection.is_in_memory_db():
        raise BackupError("This SQLite database is in memory; there is nothing to restore into.")
    database = Path(connection.settings_dict["NAME"])
    connection.close()
    aside = {
        suffix: database.with_name(f"{database.name}{suffix}")
        for suffix in ("", *SQLITE_SIDE_FILES)
    }
    kept = {suffix: file.with_name(f"{file.name}.before-restore") for suffix, file in aside.items()}
    for file in kept.values():
        if file.exists():
            raise BackupError(
                f"A restore that did not finish left {file}, the database as it was before it: "
                "move it back into place or delete it, then restore again."
            )
    for suffix, file in aside.items():
        if file.exists():
            file.replace(kept[suffix])
    restored = False
    try:
        database.parent.mkdir(parents=True, exist_ok=True)
        call_command("migrate", database=using, interactive=False, verbosity=0)
        _sqlite_load(using=using, path=path)
        restored = True
    finally:
        connection.close()
        for suffix, file in aside.items():
            if restored:
                kept[suffix].unlink(missing_ok=True)
            elif kept[suffix].exists():
                kept[suffix].replace(file)
            else:
                file.unlink(missing_ok=True)


def _sqlite_load(*, using: str, path: Path) -> None:
    connection = connections[using]
    loaded: dict[type[models.Model], set] = defaultdict(set)
    with (
        open(path, encoding="utf-8") as stream,
        transaction.atomic(using=using),
        # The backup carries the audit trail as it was; loading rows is not someone
        # changing them, and must not add entries of its own.
        disable_auditlog(),
        # Nor is it rewriting history: the whole database is replaced, as pg_restore does,
        # and the guard triggers are back before the transaction commits.
        sqlite_guards_lifted(connection),
    ):
        connection.ops.execute_sql_flush(sql_flush(no_style(), connection))
        try:
            # Foreign keys are checked once everything is in: the dump is in model
            # order, not in the order rows refer to each other.
            with connection.constraint_checks_disabled():
                for deserialized in serializers.deserialize("json", stream, using=using):
                    deserialized.save(using=using)
                    loaded[type(deserialized.object)].add(deserialized.object.pk)
            connection.check_constraints(
                table_names=sorted(model._meta.db_table for model in loaded)
            )
        except (DeserializationError, DatabaseError, ValueError) as error:
            raise BackupError(
                f"{path} could not be loaded; the database was left as it was: {error}"
            ) from error
        _delete_rows_not_in_backup(using=using, loaded=loaded)


def _delete_rows_not_in_backup(*, using: str, loaded: dict[type[models.Model], set]) -> None:
    # Saving a row sends Django's signals, and some receivers write rows of their own
    # (django-celery-beat notes a schedule change for every periodic task saved).
    # The restored database holds the backup's rows and nothing else.
    for model in _backed_up_models(using):
        rows = model._base_manager.using(using)
        if rows.count() == len(loaded[model]):
            continue
        extra = sorted(set(rows.values_list("pk", flat=True)) - loaded[model])
        for start in range(0, len(extra), 500):
            rows.filter(pk__in=extra[start : start + 500]).delete()
