import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, backup_check, backup_restore, database_label
from core.integrity import records_verify


class Command(BaseCommand):
    help = (
        "Replace everything in the database with a backup made by `backup`, then migrate. "
        "Destructive: asks for confirmation unless --yes is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup file.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Replace the database without asking (for scripts and `make restore`).",
        )

    def handle(self, *args, path, yes=False, **options):
        try:
            # Check the file first: no one should confirm a restore that cannot work.
            backup_check(path=path)
            target = database_label()
            if not yes:
                self._confirm(target, path)
            backup_restore(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the {target} from {path}.")
        # The restored chain must be whole, and its head the one logged with the backup.
        result = records_verify()
        head = result.head
        self.stdout.write(
            f"Chain of sealed records: head link {head.position}, {head.mac}."
            if head
            else "Chain of sealed records: empty."
        )
        if result.broken or result.mismatches:
            raise CommandError(
                "The restored records do not verify: run `manage.py verify_records` to see which."
            )

    def _confirm(self, target, path):
        warning = f"This replaces everything in the {target} with the contents of {path}."
        if not sys.stdin.isatty():
            raise CommandError(f"{warning} Nothing was changed: pass --yes to go ahead.")
        answer = input(f"{warning}\nType 'yes' to go ahead: ")
        if answer.strip().lower() != "yes":
            raise CommandError("Restore cancelled; nothing was changed.")
