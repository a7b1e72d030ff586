"""The rating pages: the supervisor's draft (with its autosave and Submit), the peer's
self-assessment (with its autosave) and the amendment of a finalized evaluation.

Each is one plain view; what they share is the small functions at the top. The one-page
form works as a plain POST without JavaScript, and saves on every change with htmx."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View

from core.access import AccessRequiredMixin
from core.errors import ApplicationError, ConflictError

from ..access import is_supervisor_of, sees_all
from ..forms import RATING_CHOICES, AmendForm, RatingForm, SelfAssessmentForm
from ..models import Evaluation
from ..rules import comment_problems
from ..selectors import evaluation_conflict_diff, progress
from ..services.evaluations import evaluation_save, evaluation_self_save
from ..services.workflow import evaluation_amend, evaluation_self_submit, evaluation_submit
from .base import error_messages, evaluation_or_404, visible_evaluation_or_404

PAGE = "evaluations/evaluation_edit.html"
AUTOSAVE_ANSWER = "evaluations/_autosave.html"
SELF_DONE_PAGE = "evaluations/self_assessment_done.html"


def _visible(request, pk) -> Evaluation:
    return visible_evaluation_or_404(user=request.user, pk=pk)


def _own(request, pk) -> Evaluation:
    # The self-assessment opens with the evaluation, before the peer may see its ratings.
    return evaluation_or_404(queryset=Evaluation.objects.filter(peer=request.user), pk=pk)


def _check_draft_supervisor(user, evaluation: Evaluation) -> None:
    if not is_supervisor_of(user, evaluation) or evaluation.state != Evaluation.State.DRAFT:
        raise PermissionDenied("Only the peer's supervisor edits a draft evaluation.")


def _check_may_amend(user, evaluation: Evaluation) -> None:
    if not evaluation.is_locked or not (is_supervisor_of(user, evaluation) or sees_all(user)):
        raise PermissionDenied(
            "Only finalized evaluations are amended, by the supervisor, HR or an admin."
        )


def _rating_page(
    request,
    *,
    evaluation: Evaluation,
    form: RatingForm,
    mode: str,
    errors: ApplicationError | None = None,
    differences: list[str] | None = None,
    status: int = 200,
) -> TemplateResponse:
    """The rating form; ``mode`` ("supervisor", "self" or "amend") picks its headings and
    buttons. Messages from a refused save go with the categories they name."""
    problems = comment_problems(
        evaluation.sections_list, rating_attr=form.rating_attr, comment_attr=form.comment_attr
    )
    general, by_key = error_messages(errors) if errors else ([], {})
    for key, messages_ in problems.items():
        by_key.setdefault(key, [])
        by_key[key] += [m for m in messages_ if m not in by_key[key]]
    rated, total = progress(evaluation.sections_list, rating_attr=form.rating_attr)
    rows = form.rows()
    for row in rows:
        row["error_count"] = len(by_key.get(row["section"].code, []))
    # A refused save (not a conflict, which shows what changed instead) opens with the
    # summary of what to fix, each message a link to its field.
    refused = status == 400 and not differences
    summary = _error_summary(rows, general, by_key, problems, form) if refused else []
    autosave = {"supervisor": "evaluation-autosave", "self": "evaluation-self-autosave"}
    return TemplateResponse(
        request,
        PAGE,
        {
            "evaluation": evaluation,
            "form": form,
            "rows": rows,
            "error_summary": summary,
            "mode": mode,
            "rated": rated,
            "total": total,
            "general_errors": general,
            "section_errors": by_key,
            "differences": differences,
            "autosave_url": (
                reverse(f"evaluations:{autosave[mode]}", args=[evaluation.pk])
                if mode in autosave
                else ""
            ),
        },
        status=status,
    )


# Fields a refused save names besides the categories, and where each lives on the page.
FIELD_ANCHORS = {"confirm_not_applicable": "id_confirm_not_applicable", "reason": "id_reason"}


def _error_summary(rows, general, by_key, problems, form) -> list[dict]:
    """The GOV.UK error summary: each message with the field that fixes it ("href"; none
    for a message about the whole page). A category's missing comment links to its
    comment box, an unrated item to its first rating."""
    summary = [{"text": message, "href": ""} for message in general]
    for row in rows:
        code = row["section"].code
        unrated = next((item for item in row["items"] if not item["value"]), None)
        for message in by_key.get(code, []):
            if message in problems.get(code, []) or unrated is None:
                target = f"id_{row['comment_name']}"
            else:
                target = f"r{unrated['pk']}-{RATING_CHOICES[0][0]}"
            summary.append({"text": message, "href": f"#{target}"})
    codes = {row["section"].code for row in rows}
    form_errors = form.errors.items() if form.is_bound else ()
    for key, messages_ in [*by_key.items(), *form_errors]:
        if key not in codes:
            anchor = FIELD_ANCHORS.get(key, "")
            summary += [{"text": m, "href": f"#{anchor}" if anchor else ""} for m in messages_]
    return summary


def _differences(current: Evaluation, form: RatingForm) -> list[str]:
    return evaluation_conflict_diff(
        evaluation=current,
        self_assessment=isinstance(form, SelfAssessmentForm),
        **form.answers(),
    )


def _conflict_page(
    request, *, current: Evaluation, form: RatingForm, exc: ConflictError, mode: str
) -> TemplateResponse:
    """Keep what the person typed, show what changed meanwhile, and let them save over it."""
    data = request.POST.copy()
    data["revision"] = str(form.opened_revision(current))
    return _rating_page(
        request,
        evaluation=current,
        form=type(form)(data, evaluation=current),
        mode=mode,
        errors=exc,
        differences=_differences(current, form),
        status=409,
    )


def _autosave_answer(
    request,
    *,
    evaluation: Evaluation,
    form: RatingForm,
    save: Callable[[Evaluation, RatingForm], tuple[Evaluation, dict]],
    reload: Callable[[], Evaluation],
) -> TemplateResponse:
    """htmx: save, and answer with the bits of the page that change."""
    context = {"evaluation": evaluation, "sections": evaluation.sections_list}
    if not form.is_valid():
        context["error"] = "Some answers could not be read; they were not saved."
        return TemplateResponse(request, AUTOSAVE_ANSWER, context)
    try:
        evaluation, problems = save(evaluation, form)
    except ConflictError as exc:
        context.update(error=str(exc), conflict=True, differences=_differences(reload(), form))
    except ApplicationError as exc:
        context["error"] = str(exc)
    else:
        rated, total = progress(evaluation.sections_list, rating_attr=form.rating_attr)
        context.update(
            evaluation=evaluation,
            problems=problems,
            rated=rated,
            total=total,
            saved_at=timezone.localtime(),
            sections=evaluation.sections_list,
            # The page's next autosave starts from here (hx-swap-oob).
            revision=form.opened_revision(evaluation),
        )
    return TemplateResponse(request, AUTOSAVE_ANSWER, context)


def _save_draft(request, evaluation: Evaluation, form: RatingForm):
    return evaluation_save(
        evaluation=evaluation,
        by=request.user,
        revision=form.cleaned_data["revision"],
        ratings=form.ratings(),
        comments=form.comments(),
        overall_comments=form.text("overall_comments"),
        goals=form.text("goals"),
        page=form.cleaned_data["page"],
        confirm_not_applicable=form.confirmation(),
    )


def _save_self_assessment(request, evaluation: Evaluation, form: SelfAssessmentForm):
    return evaluation_self_save(
        evaluation=evaluation,
        by=request.user,
        revision=form.cleaned_data["revision"],
        ratings=form.ratings(),
        comments=form.comments(),
        overall_comments=form.text("self_overall_comments"),
        page=form.cleaned_data["page"],
        confirm_not_applicable=form.confirmation(),
    )


def _saved_message(request) -> None:
    messages.success(request, f"Saved at {timezone.localtime():%-I:%M %p}.")


class EvaluationEditView(AccessRequiredMixin, View):
    """The supervisor rates a draft; Save draft and each category's Save come here."""

    def get(self, request, pk):
        evaluation = _visible(request, pk)
        _check_draft_supervisor(request.user, evaluation)
        form = RatingForm(evaluation=evaluation)
        return _rating_page(request, evaluation=evaluation, form=form, mode="supervisor")

    def post(self, request, pk):
        evaluation = _visible(request, pk)
        _check_draft_supervisor(request.user, evaluation)
        form = RatingForm(request.POST, evaluation=evaluation)
        if not form.is_valid():
            return _rating_page(
                request, evaluation=evaluation, form=form, mode="supervisor", status=400
            )
        try:
            _save_draft(request, evaluation, form)
        except ConflictError as exc:
            current = _visible(request, pk)
            return _conflict_page(request, current=current, form=form, exc=exc, mode="supervisor")
        except ApplicationError as exc:
            return _rating_page(
                request,
                evaluation=_visible(request, pk),
                form=form,
                mode="supervisor",
                errors=exc,
                status=400,
            )
        _saved_message(request)
        anchor = request.POST.get("section", "")
        return redirect(request.path + (f"#section-{anchor}" if anchor.isalnum() else ""))


class EvaluationSubmitView(AccessRequiredMixin, View):
    """Save what is on the form, then submit it to the peer."""

    http_method_names = ["post"]

    def post(self, request, pk):
        evaluation = _visible(request, pk)
        if evaluation.state != Evaluation.State.DRAFT and is_supervisor_of(
            request.user, evaluation
        ):
            # A second click on Submit (or a resent form): it went through the first time.
            messages.info(request, "This evaluation was already submitted.")
            return redirect("evaluations:evaluation-detail", pk=pk)
        _check_draft_supervisor(request.user, evaluation)
        form = RatingForm(request.POST, evaluation=evaluation)
        if not form.is_valid():
            return _rating_page(
                request, evaluation=evaluation, form=form, mode="supervisor", status=400
            )
        try:
            evaluation, _ = _save_draft(request, evaluation, form)
            evaluation_submit(
                evaluation=evaluation,
                by=request.user,
                confirm_not_applicable=form.cleaned_data["confirm_not_applicable"],
            )
        except ConflictError as exc:
            current = _visible(request, pk)
            return _conflict_page(request, current=current, form=form, exc=exc, mode="supervisor")
        except ApplicationError as exc:
            evaluation = _visible(request, pk)
            return _rating_page(
                request,
                evaluation=evaluation,
                form=RatingForm(evaluation=evaluation),
                mode="supervisor",
                errors=exc,
                status=400,
            )
        messages.success(request, "Submitted. The peer has been emailed to read and sign it.")
        return redirect("evaluations:evaluation-detail", pk=pk)


class EvaluationAutosaveView(AccessRequiredMixin, View):
    """htmx: the supervisor's draft saved on every change."""

    http_method_names = ["post"]

    def post(self, request, pk):
        evaluation = _visible(request, pk)
        _check_draft_supervisor(request.user, evaluation)
        return _autosave_answer(
            request,
            evaluation=evaluation,
            form=RatingForm(request.POST, evaluation=evaluation),
            save=lambda evaluation, form: _save_draft(request, evaluation, form),
            reload=lambda: _visible(request, pk),
        )


class EvaluationSelfAssessView(AccessRequiredMixin, View):
    """The peer rates themselves while the evaluation is open; "submit" hands it over."""

    def get(self, request, pk):
        evaluation = _own(request, pk)
        if (
            evaluation.self_assessment == Evaluation.SelfAssessment.SUBMITTED
            or evaluation.state not in (Evaluation.State.DRAFT, Evaluation.State.SUBMITTED)
        ):
            return TemplateResponse(request, SELF_DONE_PAGE, {"evaluation": evaluation})
        form = SelfAssessmentForm(evaluation=evaluation)
        return _rating_page(request, evaluation=evaluation, form=form, mode="self")

    def post(self, request, pk):
        evaluation = _own(request, pk)
        if evaluation.self_assessment == Evaluation.SelfAssessment.SUBMITTED:
            # A second click on Submit (or an old tab): it went through the first time.
            messages.info(request, "Your self-assessment was already submitted.")
            return redirect(request.path)
        form = SelfAssessmentForm(request.POST, evaluation=evaluation)
        if not form.is_valid():
            return _rating_page(request, evaluation=evaluation, form=form, mode="self", status=400)
        try:
            evaluation, _ = _save_self_assessment(request, evaluation, form)
            if request.POST.get("action") == "submit":
                evaluation_self_submit(
                    evaluation=evaluation,
                    by=request.user,
                    confirm_not_applicable=form.cleaned_data["confirm_not_applicable"],
                )
                messages.success(
                    request, "Self-assessment submitted. Your supervisor can now see it."
                )
                return redirect("home")
        except ConflictError as exc:
            current = _own(request, pk)
            return _conflict_page(request, current=current, form=form, exc=exc, mode="self")
        except ApplicationError as exc:
            evaluation = _own(request, pk)
            return _rating_page(
                request,
                evaluation=evaluation,
                form=SelfAssessmentForm(evaluation=evaluation),
                mode="self",
                errors=exc,
                status=400,
            )
        _saved_message(request)
        return redirect(request.path)


class EvaluationSelfAutosaveView(AccessRequiredMixin, View):
    """htmx: the peer's self-assessment saved on every change."""

    http_method_names = ["post"]

    def post(self, request, pk):
        evaluation = _own(request, pk)
        return _autosave_answer(
            request,
            evaluation=evaluation,
            form=SelfAssessmentForm(request.POST, evaluation=evaluation),
            save=lambda evaluation, form: _save_self_assessment(request, evaluation, form),
            reload=lambda: _own(request, pk),
        )


class EvaluationAmendView(AccessRequiredMixin, View):
    """The supervisor, HR or an admin changes a finalized evaluation, giving a reason."""

    def get(self, request, pk):
        evaluation = _visible(request, pk)
        _check_may_amend(request.user, evaluation)
        return _rating_page(
            request, evaluation=evaluation, form=AmendForm(evaluation=evaluation), mode="amend"
        )

    def post(self, request, pk):
        evaluation = _visible(request, pk)
        _check_may_amend(request.user, evaluation)
        form = AmendForm(request.POST, evaluation=evaluation)
        if not form.is_valid():
            return _rating_page(request, evaluation=evaluation, form=form, mode="amend", status=400)
        try:
            evaluation_amend(
                evaluation=evaluation,
                by=request.user,
                revision=form.cleaned_data["revision"],
                reason=form.cleaned_data["reason"],
                ratings=form.ratings(),
                comments=form.comments(),
                overall_comments=form.text("overall_comments"),
                goals=form.text("goals"),
            )
        except ConflictError as exc:
            current = _visible(request, pk)
            return _conflict_page(request, current=current, form=form, exc=exc, mode="amend")
        except ApplicationError as exc:
            return _rating_page(
                request,
                evaluation=_visible(request, pk),
                form=form,
                mode="amend",
                errors=exc,
                status=400,
            )
        messages.success(request, "Amendment recorded. The original is kept.")
        return redirect("evaluations:evaluation-detail", pk=pk)
