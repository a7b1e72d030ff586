from django.core.management.base import BaseCommand, CommandError

from core.integrity import records_verify


class Command(BaseCommand):
    help = (
        "Recompute the content hash of every finalized evaluation and signed work plan, "
        "and report any record whose content no longer matches what was signed."
    )

    def handle(self, *args, **options):
        checked, mismatches = records_verify()
        for mismatch in mismatches:
            record = mismatch.record
            self.stderr.write(
                f"MISMATCH {record._meta.label} {record.pk} ({record}): stored "
                f"{mismatch.stored or '(none)'}, content now hashes to {mismatch.current}"
            )
        if mismatches:
            raise CommandError(
                f"{len(mismatches)} of {checked} signed records no longer match their hash."
            )
        self.stdout.write(f"All {checked} signed records match their hash.")
