"""Checklist templates: each agency's own, edited by its admins in the browser, copied per
program or from the shared catalogue's (which no agency edits)."""

from django.db import transaction
from django.db.models import Q

from core.errors import ApplicationError, full_clean
from organisations.models import Organisation
from people.models import Program

from ..models import ChecklistTemplate, ChecklistTemplateItem


@transaction.atomic
def checklist_template_clone(
    *,
    template: ChecklistTemplate,
    name: str,
    program: Program | None,
    organisation: Organisation,
) -> ChecklistTemplate:
    """A copy of a template (and all its items) for ``organisation``, and perhaps one of its
    programs, to adapt without touching the original: the way an agency makes its own
    from the shared catalogue's. Names are unique among what the agency sees."""
    name = name.strip()
    if not name:
        raise ApplicationError("Give the copy a name.")
    if template.organisation_id not in (None, organisation.pk):
        raise ApplicationError("Copy one of your agency's checklists, or a shared one.")
    if program is not None and program.organisation_id != organisation.pk:
        raise ApplicationError("Choose one of your agency's programs.")
    taken = ChecklistTemplate.objects.filter(name__iexact=name).filter(
        Q(organisation=organisation) | Q(organisation__isnull=True)
    )
    if taken.exists():
        raise ApplicationError(f"A template named “{name}” already exists.")
    clone = ChecklistTemplate(
        name=name, program=program, description=template.description, organisation=organisation
    )
    full_clean(clone)
    clone.save()
    items = list(template.items.all())
    for item in items:
        item.pk, item.template = None, clone
    ChecklistTemplateItem.objects.bulk_create(items)
    return clone


@transaction.atomic
def checklist_template_save_items(*, formset) -> None:
    """Save a validated items formset as one change: every item, or none.

    The formset's model forms have already run each item's ``full_clean``. The shared
    catalogue's templates are every agency's: none edits them (it copies one instead)."""
    if formset.instance.organisation_id is None:
        raise ApplicationError(
            "This checklist is shared by every agency: copy it to make your own, then edit that."
        )
    formset.save()
