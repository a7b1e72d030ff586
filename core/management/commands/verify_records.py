from django.core.management.base import BaseCommand, CommandError

from core.integrity import records_verify


class Command(BaseCommand):
    help = (
        "Walk the chain of sealed records and check every evaluation ever finalized and every "
        "work plan ever signed by both against its latest link; report each broken link and "
        "each record that no longer matches."
    )

    def handle(self, *args, **options):
        result = records_verify()
        for broken in result.broken:
            self.stderr.write(f"BROKEN LINK {broken.position}: {broken.reason}")
        for mismatch in result.mismatches:
            record = mismatch.record
            name = (
                f"{record._meta.label} {record.pk} ({record})" if record else mismatch.record_label
            )
            self.stderr.write(
                f"MISMATCH {name}: {mismatch.reason}; sealed {mismatch.stored or '(never)'}, "
                f"content now hashes to {mismatch.current or '(nothing)'}"
            )
        if result.broken:
            raise CommandError(
                f"The chain of sealed records is broken at {len(result.broken)} "
                f"link(s); {len(result.mismatches)} of {result.checked} signed records no "
                "longer match their hash."
            )
        if result.mismatches:
            raise CommandError(
                f"{len(result.mismatches)} of {result.checked} signed records no longer match "
                "their hash."
            )
        head = result.head
        self.stdout.write(
            f"All {result.checked} signed records match their hash."
            + (f" Chain head: link {head.position}, {head.mac}." if head else "")
        )
