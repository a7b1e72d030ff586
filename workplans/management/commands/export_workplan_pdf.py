from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workplans.models import WorkPlan
from workplans.services.pdf_render import workplan_pdf_bytes


class Command(BaseCommand):
    help = "Render a work plan as PDF to a file (the same document as the Export PDF button)."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int)
        parser.add_argument("path", type=Path)

    def handle(self, *args, plan_id, path, **options):
        plan = WorkPlan.objects.filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(f"There is no work plan {plan_id}.")
        if path.is_dir():
            raise CommandError(f"{path} is a folder; give a file name.")
        content = workplan_pdf_bytes(plan=plan)
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(content)
        partial.replace(path)
        self.stdout.write(f"Wrote {path} ({len(content):,} bytes).")
