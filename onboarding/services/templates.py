"""Checklist templates: edited by admins in the browser, cloned per program."""

from django.db import transaction

from core.errors import ApplicationError
from people.models import Program

from ..models import ChecklistTemplate, ChecklistTemplateItem


@transaction.atomic
def checklist_template_clone(
    *, template: ChecklistTemplate, name: str, program: Program | None
) -> ChecklistTemplate:
    """A copy of a template (and all its items) for one program, to adapt without touching the original."""
    name = name.strip()
    if not name:
        raise ApplicationError("Give the copy a name.")
    if ChecklistTemplate.objects.filter(name__iexact=name).exists():
        raise ApplicationError(f"A template named “{name}” already exists.")
    clone = ChecklistTemplate(name=name, program=program, description=template.description)
    clone.full_clean()
    clone.save()
    items = list(template.items.all())
    for item in items:
        item.pk, item.template = None, clone
    ChecklistTemplateItem.objects.bulk_create(items)
    return clone


@transaction.atomic
def checklist_template_save_items(*, formset) -> None:
    """Save a validated items formset as one change: every item, or none.

    The formset's model forms have already run each item's ``full_clean``."""
    formset.save()
