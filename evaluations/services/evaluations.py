"""Making an evaluation and saving ratings, the supervisor's and the peer's own."""

from collections.abc import Callable
from datetime import date

from django.db import transaction

from audit.services import audit_changes
from competencies.models import Domain, Item
from core.errors import ApplicationError, ConflictError, full_clean

from ..access import is_supervisor_of
from ..models import Evaluation, EvaluationItem, EvaluationSection, EvaluationTemplate, Rating
from ..rules import comment_problems
from ..selectors import evaluation_with_contents

RATING_VALUES = set(Rating.values)


def rating_definitions_for(template: EvaluationTemplate) -> dict[str, dict[str, str]]:
    """The WISE rating definitions, as loaded in the catalogue, keyed by rating value."""
    by_label = {r.label.lower(): r.value for r in Rating}
    items = Item.objects.filter(
        framework__slug="wise-evaluation", domain__kind=Domain.Kind.RATING
    ).order_by("-framework__version", "order")
    definitions = {}
    for item in items:
        value = by_label.get(item.text.strip().lower())
        if value and value not in definitions:
            definitions[value] = {"label": item.text, "definition": item.description}
    return definitions


@transaction.atomic
def evaluation_create(
    *,
    template: EvaluationTemplate,
    peer,
    by,
    kind: str,
    period_start: date,
    period_end: date,
    due_date: date,
) -> Evaluation:
    """A draft evaluation of ``peer`` by their supervisor, with its own copy of the template's text."""
    profile = getattr(peer, "profile", None)
    if profile is None or profile.supervisor_id != by.pk:
        raise ApplicationError("You can only evaluate people who report to you.")
    if not template.is_active:
        raise ApplicationError(f"The template “{template}” is no longer in use.")
    if template.organisation_id != peer.organisation_id:
        raise ApplicationError("Choose one of your agency's evaluation templates.")
    evaluation = Evaluation(
        # The employer's record: it stays with this organisation if the person moves on.
        organisation_id=peer.organisation_id,
        template=template,
        peer=peer,
        supervisor=by,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        due_date=due_date,
        title=template.name,
        instructions=template.instructions,
        rating_definitions=rating_definitions_for(template),
    )
    if period_end and period_start and period_end < period_start:
        raise ApplicationError("The period must end on or after its start.")
    full_clean(evaluation)
    evaluation.save()

    domains = list(template.domains.order_by("order", "code").prefetch_related("items"))
    sections = EvaluationSection.objects.bulk_create(
        [
            EvaluationSection(
                evaluation=evaluation,
                source_domain=d,
                code=d.code,
                title=d.title,
                description=d.description,
                order=n,
            )
            for n, d in enumerate(domains, start=1)
        ]
    )
    EvaluationItem.objects.bulk_create(
        [
            EvaluationItem(
                section=section, source_item=item, code=item.code, text=item.text, order=n
            )
            for section, domain in zip(sections, domains, strict=True)
            for n, item in enumerate(
                sorted(domain.items.all(), key=lambda i: (i.order, i.code)), start=1
            )
        ]
    )
    return evaluation


def _locked_copy(evaluation: Evaluation) -> Evaluation:
    """The evaluation re-read under a row lock, with its contents."""
    Evaluation.objects.select_for_update().filter(pk=evaluation.pk).first()
    return evaluation_with_contents(queryset=Evaluation.objects.all(), pk=evaluation.pk)


def _apply_changes(
    evaluation: Evaluation,
    *,
    rating_attr: str,
    comment_attr: str,
    ratings: dict[int, str],
    comments: dict[int, str],
    fields: dict[str, str],
    before_writing: Callable[[list[dict], list[tuple]], None] | None = None,
) -> list[dict]:
    """Write ratings, comments and fields that differ; return each change as before/after.

    ``before_writing`` is given the changes, and each as (row, field, before, after), before
    any row is written (an amendment records them first: the lock triggers look for them)."""
    items = {i.pk: (s, i) for s in evaluation.sections_list for i in s.items_list}
    sections = {s.pk: s for s in evaluation.sections_list}
    unknown_items = set(ratings) - set(items)
    unknown_sections = set(comments) - set(sections)
    if unknown_items or unknown_sections:
        raise ApplicationError("The form names items that are not part of this evaluation.")
    bad = {v for v in ratings.values() if v and v not in RATING_VALUES}
    if bad:
        raise ApplicationError(f"Unknown rating: {', '.join(sorted(bad))}.")

    changes, changed_items, changed_sections, rows = [], [], [], []
    for pk, value in ratings.items():
        _, item = items[pk]
        if getattr(item, rating_attr) != value:
            changes.append(
                {
                    "item": item.code,
                    "field": rating_attr,
                    "before": getattr(item, rating_attr),
                    "after": value,
                }
            )
            rows.append((item, rating_attr, getattr(item, rating_attr), value))
            setattr(item, rating_attr, value)
            changed_items.append(item)
    for pk, text in comments.items():
        section = sections[pk]
        if getattr(section, comment_attr) != text:
            changes.append(
                {
                    "category": section.code,
                    "field": comment_attr,
                    "before": getattr(section, comment_attr),
                    "after": text,
                }
            )
            rows.append((section, comment_attr, getattr(section, comment_attr), text))
            setattr(section, comment_attr, text)
            changed_sections.append(section)
    for name, value in fields.items():
        if getattr(evaluation, name) != value:
            changes.append({"field": name, "before": getattr(evaluation, name), "after": value})
            rows.append((evaluation, name, getattr(evaluation, name), value))
            setattr(evaluation, name, value)
    if before_writing and rows:
        before_writing(changes, rows)
    if changed_items:
        EvaluationItem.objects.bulk_update(changed_items, [rating_attr])
    if changed_sections:
        EvaluationSection.objects.bulk_update(changed_sections, [comment_attr])
    # Bulk updates send no signals: the ratings and comments are recorded here, on the
    # evaluation; its own fields are recorded when the caller saves it.
    audit_changes(
        instance=evaluation,
        changes={
            f"{c.get('item') or 'Category ' + c['category']} {c['field']}": [
                c["before"],
                c["after"],
            ]
            for c in changes
            if "item" in c or "category" in c
        },
    )
    return changes


def _apply_supervisor_changes(
    evaluation: Evaluation,
    *,
    ratings: dict[int, str],
    comments: dict[int, str],
    overall_comments: str | None,
    goals: str | None,
    before_writing: Callable[[list[dict], list[tuple]], None] | None = None,
) -> list[dict]:
    """The supervisor's ratings, category comments and, where given, overall comments and goals."""
    fields = {
        k: v for k, v in (("overall_comments", overall_comments), ("goals", goals)) if v is not None
    }
    return _apply_changes(
        evaluation,
        rating_attr="rating",
        comment_attr="comment",
        ratings=ratings,
        comments=comments,
        fields=fields,
        before_writing=before_writing,
    )


def _confirmation_change(evaluation: Evaluation, name: str, confirmed: bool | None) -> list[dict]:
    """Keep the Not Applicable confirmation with the draft (``None``: the post did not
    show the box, so it says nothing about it)."""
    if confirmed is None or getattr(evaluation, name) == confirmed:
        return []
    before = getattr(evaluation, name)
    setattr(evaluation, name, confirmed)
    return [{"field": name, "before": before, "after": confirmed}]


MISSING_REVISION = (
    "This form did not say which version of the evaluation it was opened from, so nothing "
    "was saved. Reload the page and make your changes again."
)


def check_revision(
    *, current: int, last_editor_id: int | None, last_page: str, revision: int | None, by, page: str
) -> None:
    """Refuse a save based on a version that has changed since it was opened.

    ``revision`` is the version the form was opened at and ``page`` the form's own
    token (one per opened page). A later version is not a conflict only when the same
    person saved it from the same page: that page's autosaves arriving after its
    Submit. Another person, or the same person in another tab, is.
    """
    if revision is None:
        raise ApplicationError(MISSING_REVISION)
    if revision == current:
        return
    if page and page == last_page and last_editor_id == by.pk:
        return
    if last_editor_id == by.pk:
        raise ConflictError(
            "You changed this evaluation in another tab or window since you opened this page. "
            "Your changes here were not saved: review the differences, then save again to "
            "keep them."
        )
    raise ConflictError(
        "This evaluation was changed by someone else since you opened it. "
        "Your changes were not saved: review the differences, then save again to keep yours."
    )


@transaction.atomic
def evaluation_save(
    *,
    evaluation: Evaluation,
    by,
    revision: int | None,
    ratings: dict[int, str],
    comments: dict[int, str],
    overall_comments: str | None = None,
    goals: str | None = None,
    page: str = "",
    confirm_not_applicable: bool | None = None,
) -> tuple[Evaluation, dict[str, list[str]]]:
    """Save the supervisor's draft. Nothing is refused for being incomplete, so no work is lost;
    the returned problems (categories that still need a comment) are what submitting would refuse.

    ``revision`` is the version the form was opened at (required) and ``page`` the
    form's token: see ``check_revision``."""
    evaluation = _locked_copy(evaluation)
    if not is_supervisor_of(by, evaluation):
        raise ApplicationError("Only the peer's supervisor can rate this evaluation.")
    if evaluation.state != Evaluation.State.DRAFT:
        raise ApplicationError(
            f"This evaluation is {evaluation.get_state_display().lower()}; only drafts can be edited."
        )
    check_revision(
        current=evaluation.revision,
        last_editor_id=evaluation.edited_by_id,
        last_page=evaluation.edited_in,
        revision=revision,
        by=by,
        page=page,
    )
    changes = _apply_supervisor_changes(
        evaluation,
        ratings=ratings,
        comments=comments,
        overall_comments=overall_comments,
        goals=goals,
    )
    changes += _confirmation_change(evaluation, "not_applicable_confirmed", confirm_not_applicable)
    if changes:
        evaluation.revision += 1
        evaluation.edited_by = by
        evaluation.edited_in = page
        evaluation.save()
    return evaluation, comment_problems(
        evaluation.sections_list, rating_attr="rating", comment_attr="comment"
    )


SELF_OPEN_STATES = (Evaluation.State.DRAFT, Evaluation.State.SUBMITTED)


@transaction.atomic
def evaluation_self_save(
    *,
    evaluation: Evaluation,
    by,
    revision: int | None,
    ratings: dict[int, str],
    comments: dict[int, str],
    overall_comments: str | None = None,
    page: str = "",
    confirm_not_applicable: bool | None = None,
) -> tuple[Evaluation, dict[str, list[str]]]:
    """Save the peer's self-assessment draft; returns what submitting it would refuse.

    ``revision`` is the self-assessment's version the form was opened at (required),
    ``page`` the form's token: a save from another tab opened earlier is a conflict."""
    evaluation = _locked_copy(evaluation)
    if by.pk != evaluation.peer_id:
        raise ApplicationError("Only the peer can fill in their self-assessment.")
    if evaluation.self_assessment == Evaluation.SelfAssessment.SUBMITTED:
        raise ApplicationError("Your self-assessment is already submitted.")
    if evaluation.state not in SELF_OPEN_STATES:
        raise ApplicationError("The self-assessment closes once the evaluation is acknowledged.")
    check_revision(
        current=evaluation.self_revision,
        last_editor_id=evaluation.peer_id if evaluation.self_revision else None,
        last_page=evaluation.self_edited_in,
        revision=revision,
        by=by,
        page=page,
    )
    fields = {"self_overall_comments": overall_comments} if overall_comments is not None else {}
    changes = _apply_changes(
        evaluation,
        rating_attr="self_rating",
        comment_attr="self_comment",
        ratings=ratings,
        comments=comments,
        fields=fields,
    )
    changes += _confirmation_change(
        evaluation, "self_not_applicable_confirmed", confirm_not_applicable
    )
    if changes or evaluation.self_assessment == Evaluation.SelfAssessment.NOT_STARTED:
        evaluation.self_assessment = Evaluation.SelfAssessment.DRAFT
        if changes:
            evaluation.self_revision += 1
            evaluation.self_edited_in = page
        evaluation.save()
    return evaluation, comment_problems(
        evaluation.sections_list, rating_attr="self_rating", comment_attr="self_comment"
    )
