"""Self-assessment views, split by concept; each checks access, parses, calls a service or
selector."""

from .actions import ActionMoveView, CycleActionsView, CycleChallengeView
from .cycles import (
    CycleAgreeView,
    CycleAnswerView,
    CycleCreateView,
    CycleDetailView,
    CycleListView,
    CycleMemberRemoveView,
    CycleMoveView,
    CycleShareView,
    CycleTeamView,
)
from .survey import (
    SurveyAnswerView,
    SurveyCloseView,
    SurveyDetailView,
    SurveyListView,
    SurveySendView,
)

__all__ = [
    "ActionMoveView",
    "CycleActionsView",
    "CycleAgreeView",
    "CycleAnswerView",
    "CycleChallengeView",
    "CycleCreateView",
    "CycleDetailView",
    "CycleListView",
    "CycleMemberRemoveView",
    "CycleMoveView",
    "CycleShareView",
    "CycleTeamView",
    "SurveyAnswerView",
    "SurveyCloseView",
    "SurveyDetailView",
    "SurveyListView",
    "SurveySendView",
]
