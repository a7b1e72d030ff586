from django.core.management.base import BaseCommand
from django.utils import timezone

from core.reminders import send_daily_reminders


class Command(BaseCommand):
    help = (
        "Send today's reminders (check-ins, onboarding items, evaluations) now; each is sent once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be sent; send nothing."
        )
        parser.add_argument(
            "--show-recipients",
            action="store_true",
            help=(
                "Name each recipient (email address and subject, which names people). "
                "Without it the output holds only reminder keys and person ids, as cron "
                "mail and log collectors should."
            ),
        )

    def handle(self, *args, dry_run=False, show_recipients=False, **options):
        today = timezone.localdate()
        reminders = send_daily_reminders(today=today, dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        for reminder in reminders:
            self.stdout.write(f"{verb}: {reminder.describe(show_recipient=show_recipients)}")
        self.stdout.write(
            f"{verb} {len(reminders)} reminder{'s' if len(reminders) != 1 else ''} for {today}."
        )
