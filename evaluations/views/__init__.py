"""Evaluation views, split by concept; each checks access, parses, calls a service or selector."""

from .editing import (
    EvaluationAmendView,
    EvaluationAutosaveView,
    EvaluationEditView,
    EvaluationSelfAssessView,
    EvaluationSelfAutosaveView,
    EvaluationSubmitView,
)
from .evaluations import EvaluationCreateView, EvaluationDetailView, EvaluationListView
from .summaries import PeerHistoryView, TeamSummaryCsvView, TeamSummaryView
from .templates import EvaluationTemplateCreateView, EvaluationTemplateListView
from .workflow import EvaluationAcknowledgeView, EvaluationFinalizeView, EvaluationTakeBackView

__all__ = [
    "EvaluationAcknowledgeView",
    "EvaluationAmendView",
    "EvaluationAutosaveView",
    "EvaluationCreateView",
    "EvaluationDetailView",
    "EvaluationEditView",
    "EvaluationFinalizeView",
    "EvaluationListView",
    "EvaluationSelfAutosaveView",
    "EvaluationSelfAssessView",
    "EvaluationSubmitView",
    "EvaluationTakeBackView",
    "EvaluationTemplateCreateView",
    "EvaluationTemplateListView",
    "PeerHistoryView",
    "TeamSummaryCsvView",
    "TeamSummaryView",
]
