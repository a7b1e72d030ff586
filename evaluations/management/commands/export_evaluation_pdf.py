from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluations.models import Evaluation
from evaluations.services.pdf_render import evaluation_pdf_bytes


class Command(BaseCommand):
    help = "Render an evaluation as PDF to a file (the same document as the Export PDF button)."

    def add_arguments(self, parser):
        parser.add_argument("evaluation_id", type=int)
        parser.add_argument("path", type=Path)

    def handle(self, *args, evaluation_id, path, **options):
        evaluation = Evaluation.objects.filter(pk=evaluation_id).first()
        if evaluation is None:
            raise CommandError(f"There is no evaluation {evaluation_id}.")
        if path.is_dir():
            raise CommandError(f"{path} is a folder; give a file name.")
        content = evaluation_pdf_bytes(evaluation=evaluation)
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(content)
        partial.replace(path)
        self.stdout.write(f"Wrote {path} ({len(content):,} bytes).")
