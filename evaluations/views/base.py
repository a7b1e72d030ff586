from django.db.models import QuerySet
from django.http import Http404

from core.access import AccessRequiredMixin
from core.errors import ApplicationError

from ..access import is_visible_to
from ..models import Evaluation
from ..selectors import evaluation_with_contents


def evaluation_or_404(*, queryset: QuerySet[Evaluation], pk: int) -> Evaluation:
    """The evaluation with its contents, or 404 if it is not in ``queryset``."""
    try:
        return evaluation_with_contents(queryset=queryset, pk=pk)
    except Evaluation.DoesNotExist as exc:
        raise Http404 from exc


def visible_evaluation_or_404(*, user, pk: int) -> Evaluation:
    """The evaluation with its contents, or 404 if ``user`` may not see it
    (``access.is_visible_to``: the same rule as ``evaluations_visible_to``)."""
    evaluation = evaluation_or_404(queryset=Evaluation.objects.all(), pk=pk)
    if not is_visible_to(user, evaluation):
        raise Http404
    return evaluation


class EvaluationObjectMixin(AccessRequiredMixin):
    """Loads the evaluation named in the URL, or answers 404 if this person may not see it."""

    def get_evaluation(self) -> Evaluation:
        return visible_evaluation_or_404(user=self.request.user, pk=self.kwargs["pk"])


def error_messages(exc: ApplicationError) -> tuple[list[str], dict[str, list[str]]]:
    """General messages, and messages by category code or field name."""
    general = exc.errors.get(None, [])
    by_key = {k: v for k, v in exc.errors.items() if k is not None}
    return general, by_key
