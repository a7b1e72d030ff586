import json

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from competencies.catalogues import CATALOGUE_FIXTURES, FIXTURES_DIR, REFERENCE_FIXTURES
from competencies.services.catalogue_data import CatalogueFileError
from competencies.services.catalogue_files import parse_fixture
from competencies.services.catalogue_import import catalogue_apply


class Command(BaseCommand):
    help = "Load every shipped competency catalogue, in one transaction, and say what changed."

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                for name in CATALOGUE_FIXTURES:
                    path = FIXTURES_DIR / name
                    try:
                        plan = catalogue_apply(data=parse_fixture(path.read_bytes()))
                    except CatalogueFileError as exc:
                        raise CommandError(f"{name}: " + "; ".join(exc.errors)) from exc
                    for line in plan.summary_lines():
                        self.stdout.write(f"{name}: {line}")
                for name in REFERENCE_FIXTURES:
                    path = FIXTURES_DIR / name
                    objects = json.loads(path.read_text())
                    models = [apps.get_model(label) for label in {obj["model"] for obj in objects}]
                    before = sum(model.objects.count() for model in models)
                    call_command("loaddata", str(path), verbosity=0)
                    added = sum(model.objects.count() for model in models) - before
                    self.stdout.write(
                        f"{name}: {added} added, {len(objects) - added} already there"
                    )
        except CatalogueFileError as exc:
            raise CommandError("; ".join(exc.errors)) from exc
        self.stdout.write(self.style.SUCCESS("Catalogues loaded."))
