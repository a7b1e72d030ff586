from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, backup_create, database_label
from core.integrity import chain_head


class Command(BaseCommand):
    help = (
        "Back up the database: pg_dump on PostgreSQL, a JSON dump on SQLite. "
        "Prints the path of the file it wrote."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Where to write the backup (default: var/backups/peerworks-<UTC time>).",
        )

    def handle(self, *args, output=None, **options):
        # Read before the dump starts: the backup holds this link, or this and later ones.
        head = chain_head()
        try:
            path = backup_create(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stderr.write(
            f"Backed up the {database_label()} ({path.stat().st_size:,} bytes). "
            "It holds personnel records: keep it as safe as the database."
        )
        # Kept with the backup's log: after a restore, `restore` prints the restored head
        # and the audit page shows it; the two must name the same link.
        self.stderr.write(
            f"Chain of sealed records: head link {head.position}, {head.mac}."
            if head
            else "Chain of sealed records: empty."
        )
        # The path alone on stdout, so that scripts can take it.
        self.stdout.write(str(path))
