import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.demo import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Create the two demo agencies and print their logins (development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo only runs with DEBUG on: it creates accounts with a published password."
            )
        # Building the demo sends a dozen real notices; a line for each would bury the
        # logins, which are what `make run` is for. They are still saved, and said where.
        mail_log = logging.getLogger("core.mail")
        level = mail_log.level
        mail_log.setLevel(logging.WARNING)
        try:
            logins = demo_seed()
        finally:
            mail_log.setLevel(level)
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, roles, created in logins:
            state = "created" if created else "already there"
            self.stdout.write(f"  {username:<18} {roles:<18} {state}")
        if settings.EMAIL_BACKEND == "core.mail.DevelopmentEmailBackend":
            self.stdout.write(f"Emails PeerWorks sends are saved in {settings.EMAIL_FILE_PATH}")
