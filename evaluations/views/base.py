from django.db.models import QuerySet
from django.http import Http404

from core.access import AccessRequiredMixin
from core.errors import ApplicationError

from ..access import evaluations_visible_to
from ..models import Evaluation
from ..selectors import evaluation_with_contents


def evaluation_or_404(*, queryset: QuerySet[Evaluation], pk: int) -> Evaluation:
    """The evaluation with its contents, or 404 if it is not in ``queryset``."""
    try:
        return evaluation_with_contents(queryset=queryset, pk=pk)
    except Evaluation.DoesNotExist as exc:
        raise Http404 from exc


class EvaluationObjectMixin(AccessRequiredMixin):
    """Loads the evaluation named in the URL, or answers 404 if this person may not see it."""

    def visible_queryset(self):
        return evaluations_visible_to(self.request.user)

    def get_evaluation(self) -> Evaluation:
        return evaluation_or_404(queryset=self.visible_queryset(), pk=self.kwargs["pk"])


def error_messages(exc: ApplicationError) -> tuple[list[str], dict[str, list[str]]]:
    """General messages, and messages by category code or field name."""
    general = exc.errors.get(None, [])
    by_key = {k: v for k, v in exc.errors.items() if k is not None}
    return general, by_key
