from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views import View

from core.errors import ApplicationError, ConflictError

from ..access import is_supervisor_of, sees_all
from ..forms import AmendForm, RatingForm
from ..models import Evaluation
from ..rules import comment_problems
from ..selectors import progress
from ..services.evaluations import evaluation_save, evaluation_self_save
from ..services.workflow import evaluation_amend, evaluation_self_submit, evaluation_submit
from .base import EvaluationObjectMixin, error_messages


class _RatingPage(EvaluationObjectMixin, View):
    """The one-page rating form: plain POST without JavaScript, autosave with htmx."""

    mode = "supervisor"
    template_name = "evaluations/evaluation_edit.html"
    form_class = RatingForm

    def check_may_edit(self, evaluation):
        raise NotImplementedError

    def page(self, evaluation, form, *, problems=None, errors=None, status=200):
        rating_attr = form.rating_attr
        if problems is None:
            problems = comment_problems(
                evaluation.sections_list, rating_attr=rating_attr, comment_attr=form.comment_attr
            )
        general, by_key = error_messages(errors) if errors else ([], {})
        for key, messages_ in problems.items():
            by_key.setdefault(key, [])
            by_key[key] += [m for m in messages_ if m not in by_key[key]]
        rated, total = progress(evaluation.sections_list, rating_attr=rating_attr)
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "evaluation": evaluation,
                "form": form,
                "rows": form.rows(),
                "mode": self.mode,
                "rated": rated,
                "total": total,
                "general_errors": general,
                "section_errors": by_key,
                "autosave_url": self.autosave_url(evaluation),
            },
            status=status,
        )

    def autosave_url(self, evaluation):
        from django.urls import reverse

        name = "evaluation-self-autosave" if self.mode == "self" else "evaluation-autosave"
        return reverse(f"evaluations:{name}", args=[evaluation.pk]) if self.mode != "amend" else ""

    def get(self, request, pk):
        evaluation = self.get_evaluation()
        self.check_may_edit(evaluation)
        return self.page(evaluation, self.form_class(evaluation=evaluation, mode=self.form_mode()))

    def form_mode(self):
        return "self" if self.mode == "self" else "supervisor"

    def bound_form(self, evaluation):
        return self.form_class(self.request.POST, evaluation=evaluation, mode=self.form_mode())

    def current_revision(self, evaluation) -> int:
        return evaluation.self_revision if self.mode == "self" else evaluation.revision

    def differences(self, current, form) -> list[str]:
        """Where what the person typed differs from the evaluation as it is now."""
        rating_attr, comment_attr = form.rating_attr, form.comment_attr
        differences = []
        for section in current.sections_list:
            for item in section.items_list:
                name = f"rating_{item.pk}"
                mine = form.cleaned_data.get(name)
                now = getattr(item, rating_attr)
                if name in form.data and mine != now:
                    labels = dict(form.fields[name].choices)
                    differences.append(
                        f"{item.code}: yours {labels.get(mine, 'Not rated')}, "
                        f"now {labels.get(now) or 'Not rated'}"
                    )
            name = f"comment_{section.pk}"
            if name in form.data and form.cleaned_data.get(name) != getattr(section, comment_attr):
                differences.append(f"Category {section.code} comment differs")
        for name in ("overall_comments", "goals", "self_overall_comments"):
            if name in form.fields and name in form.data:
                if form.cleaned_data.get(name) != getattr(current, name):
                    differences.append(f"{form.fields[name].label or name.capitalize()} differ")
        return differences

    def conflict(self, form, exc):
        """Keep what the person typed, show what changed meanwhile, and let them save over it."""
        current = self.get_evaluation()
        data = self.request.POST.copy()
        data["revision"] = str(self.current_revision(current))
        response = self.page(
            current,
            self.form_class(data, evaluation=current, mode=self.form_mode()),
            errors=exc,
            status=409,
        )
        response.context_data["differences"] = self.differences(current, form)
        return response


class EvaluationEditView(_RatingPage):
    def check_may_edit(self, evaluation):
        if (
            not is_supervisor_of(self.request.user, evaluation)
            or evaluation.state != Evaluation.State.DRAFT
        ):
            raise PermissionDenied("Only the peer's supervisor edits a draft evaluation.")

    def save(self, evaluation, form):
        return evaluation_save(
            evaluation=evaluation,
            by=self.request.user,
            revision=form.cleaned_data["revision"],
            ratings=form.ratings(),
            comments=form.comments(),
            overall_comments=form.text("overall_comments"),
            goals=form.text("goals"),
            page=form.cleaned_data["page"],
        )

    def post(self, request, pk):
        evaluation = self.get_evaluation()
        self.check_may_edit(evaluation)
        form = self.bound_form(evaluation)
        if not form.is_valid():
            return self.page(evaluation, form, status=400)
        try:
            evaluation, problems = self.save(evaluation, form)
        except ConflictError as exc:
            return self.conflict(form, exc)
        except ApplicationError as exc:
            return self.page(self.get_evaluation(), form, errors=exc, status=400)
        messages.success(request, f"Saved at {timezone.localtime():%-I:%M %p}.")
        anchor = request.POST.get("section", "")
        url = request.path + (f"#section-{anchor}" if anchor.isalnum() else "")
        return redirect(url)


class EvaluationSubmitView(EvaluationEditView):
    """Save what is on the form, then submit it to the peer."""

    http_method_names = ["post"]

    def post(self, request, pk):
        evaluation = self.get_evaluation()
        if evaluation.state != Evaluation.State.DRAFT and is_supervisor_of(
            request.user, evaluation
        ):
            # A second click on Submit (or a resent form): it went through the first time.
            messages.info(request, "This evaluation was already submitted.")
            return redirect("evaluations:evaluation-detail", pk=pk)
        self.check_may_edit(evaluation)
        form = self.bound_form(evaluation)
        if not form.is_valid():
            return self.page(evaluation, form, status=400)
        try:
            evaluation, _ = self.save(evaluation, form)
            evaluation_submit(
                evaluation=evaluation,
                by=request.user,
                confirm_not_applicable=form.cleaned_data["confirm_not_applicable"],
            )
        except ConflictError as exc:
            return self.conflict(form, exc)
        except ApplicationError as exc:
            evaluation = self.get_evaluation()
            return self.page(
                evaluation, self.form_class(evaluation=evaluation), errors=exc, status=400
            )
        messages.success(request, "Submitted. The peer has been emailed to read and sign it.")
        return redirect("evaluations:evaluation-detail", pk=pk)


class EvaluationAutosaveView(EvaluationEditView):
    """htmx: save on every change and answer with the bits of the page that change."""

    http_method_names = ["post"]
    fragment = "evaluations/_autosave.html"

    def post(self, request, pk):
        evaluation = self.get_evaluation()
        self.check_may_edit(evaluation)
        form = self.bound_form(evaluation)
        context = {"evaluation": evaluation, "sections": evaluation.sections_list}
        if not form.is_valid():
            context["error"] = "Some answers could not be read; they were not saved."
        else:
            try:
                evaluation, problems = self.save(evaluation, form)
            except ConflictError as exc:
                context["error"] = str(exc)
                context["conflict"] = True
                context["differences"] = self.differences(self.get_evaluation(), form)
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
                    revision=self.current_revision(evaluation),
                )
        return TemplateResponse(request, self.fragment, context)


class EvaluationSelfAssessmentView(_RatingPage):
    mode = "self"

    def visible_queryset(self):
        # The self-assessment opens with the evaluation, before the peer may see its ratings.
        return Evaluation.objects.filter(peer=self.request.user)

    def check_may_edit(self, evaluation):
        pass

    def save(self, evaluation, form):
        return evaluation_self_save(
            evaluation=evaluation,
            by=self.request.user,
            revision=form.cleaned_data["revision"],
            ratings=form.ratings(),
            comments=form.comments(),
            overall_comments=form.text("self_overall_comments"),
            page=form.cleaned_data["page"],
        )

    def get(self, request, pk):
        evaluation = self.get_evaluation()
        if (
            evaluation.self_assessment == Evaluation.SelfAssessment.SUBMITTED
            or evaluation.state not in (Evaluation.State.DRAFT, Evaluation.State.SUBMITTED)
        ):
            self.template_name = "evaluations/self_assessment_done.html"
        return super().get(request, pk)

    def post(self, request, pk):
        evaluation = self.get_evaluation()
        form = self.bound_form(evaluation)
        if not form.is_valid():
            return self.page(evaluation, form, status=400)
        try:
            evaluation, _ = self.save(evaluation, form)
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
            return self.conflict(form, exc)
        except ApplicationError as exc:
            evaluation = self.get_evaluation()
            return self.page(
                evaluation,
                self.form_class(evaluation=evaluation, mode="self"),
                errors=exc,
                status=400,
            )
        messages.success(request, f"Saved at {timezone.localtime():%-I:%M %p}.")
        return redirect(request.path)


class EvaluationSelfAssessmentAutosaveView(EvaluationSelfAssessmentView, EvaluationAutosaveView):
    http_method_names = ["post"]

    def post(self, request, pk):
        return EvaluationAutosaveView.post(self, request, pk)


class EvaluationAmendView(_RatingPage):
    mode = "amend"
    form_class = AmendForm

    def check_may_edit(self, evaluation):
        user = self.request.user
        if not evaluation.is_locked or not (is_supervisor_of(user, evaluation) or sees_all(user)):
            raise PermissionDenied(
                "Only finalized evaluations are amended, by the supervisor, HR or an admin."
            )

    def post(self, request, pk):
        evaluation = self.get_evaluation()
        self.check_may_edit(evaluation)
        form = self.bound_form(evaluation)
        if not form.is_valid():
            return self.page(evaluation, form, status=400)
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
            return self.conflict(form, exc)
        except ApplicationError as exc:
            return self.page(self.get_evaluation(), form, errors=exc, status=400)
        messages.success(request, "Amendment recorded. The original is kept.")
        return redirect("evaluations:evaluation-detail", pk=pk)
