from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.pdfs import pdf_content, pdf_export, pdf_exports


class Command(BaseCommand):
    help = (
        "Render a registered PDF export of one record to a file (the same document as the"
        " Export PDF button): export_pdf evaluations 12 out.pdf."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", choices=[export.name for export in pdf_exports()])
        parser.add_argument("subject_id", type=int)
        parser.add_argument("path", type=Path)

    def handle(self, *args, export, subject_id, path, **options):
        export = pdf_export(export)
        subject_model = export.model._meta.get_field(export.subject).related_model
        subject = subject_model._default_manager.filter(pk=subject_id).first()
        if subject is None:
            raise CommandError(f"There is no {subject_model._meta.verbose_name} {subject_id}.")
        if path.is_dir():
            raise CommandError(f"{path} is a folder; give a file name.")
        content = pdf_content(export=export, record=export.model(**{export.subject: subject}))
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(content)
        partial.replace(path)
        self.stdout.write(f"Wrote {path} ({len(content):,} bytes).")
