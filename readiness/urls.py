from django.contrib.auth.decorators import login_not_required
from django.urls import path

from core.pdfs.views import PdfDownloadView, PdfRequestView, PdfStatusView

from . import views
from .pdf import CYCLE_PDF

app_name = "readiness"

urlpatterns = [
    path("", views.CycleListView.as_view(), name="cycle-list"),
    path("new/", views.CycleCreateView.as_view(), name="cycle-create"),
    path("<int:pk>/", views.CycleDetailView.as_view(), name="cycle-detail"),
    path(
        "<int:pk>/pdf/",
        PdfRequestView.as_view(export=CYCLE_PDF, url_fields={"pk": "cycle_id"}),
        name="cycle-pdf",
    ),
    path(
        "<int:pk>/pdf/<int:pdf_pk>/",
        PdfStatusView.as_view(export=CYCLE_PDF),
        name="cycle-pdf-status",
    ),
    path(
        "<int:pk>/pdf/<int:pdf_pk>/download/",
        PdfDownloadView.as_view(export=CYCLE_PDF),
        name="cycle-pdf-download",
    ),
    path("<int:pk>/team/", views.CycleTeamView.as_view(), name="cycle-team"),
    path(
        "<int:pk>/team/<int:member_pk>/remove/",
        views.CycleMemberRemoveView.as_view(),
        name="cycle-member-remove",
    ),
    path("<int:pk>/share/", views.CycleShareView.as_view(), name="cycle-share"),
    path("<int:pk>/move/", views.CycleMoveView.as_view(), name="cycle-move"),
    path("<int:pk>/answers/", views.CycleAnswerView.as_view(), name="cycle-answer"),
    path("<int:pk>/agree/", views.CycleAgreeView.as_view(), name="cycle-agree"),
    path("<int:pk>/actions/", views.CycleActionsView.as_view(), name="cycle-actions"),
    path("<int:pk>/challenge/", views.CycleChallengeView.as_view(), name="cycle-challenge"),
    path(
        "<int:pk>/actions/<int:action_pk>/move/",
        views.ActionMoveView.as_view(),
        name="action-move",
    ),
    path("survey/", views.SurveyListView.as_view(), name="survey-list"),
    path("survey/<int:pk>/", views.SurveyDetailView.as_view(), name="survey-detail"),
    path("survey/<int:pk>/close/", views.SurveyCloseView.as_view(), name="survey-close"),
    path("survey/<int:pk>/send/", views.SurveySendView.as_view(), name="survey-send"),
    # The emailed single-use link: it works without signing in, like a password reset.
    path(
        "survey/answer/", login_not_required(views.SurveyAnswerView.as_view()), name="survey-answer"
    ),
]
