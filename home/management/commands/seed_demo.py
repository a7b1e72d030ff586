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
        logins = demo_seed()
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, roles, created in logins:
            state = "created" if created else "already there"
            self.stdout.write(f"  {username:<18} {roles:<18} {state}")
