from django.urls import path

from core.pdfs.views import PdfDownloadView, PdfRequestView, PdfStatusView

from . import views
from .pdf import EVALUATION_PDF

app_name = "evaluations"

urlpatterns = [
    path("", views.EvaluationListView.as_view(), name="evaluation-list"),
    path("new/", views.EvaluationCreateView.as_view(), name="evaluation-create"),
    path("team/", views.TeamSummaryView.as_view(), name="team-summary"),
    path("team/export/", views.TeamSummaryCsvView.as_view(), name="team-summary-csv"),
    path("people/<int:user_pk>/history/", views.PeerHistoryView.as_view(), name="peer-history"),
    path("templates/", views.EvaluationTemplateListView.as_view(), name="template-list"),
    path("templates/new/", views.EvaluationTemplateCreateView.as_view(), name="template-create"),
    path("<int:pk>/", views.EvaluationDetailView.as_view(), name="evaluation-detail"),
    path("<int:pk>/edit/", views.EvaluationEditView.as_view(), name="evaluation-edit"),
    path("<int:pk>/autosave/", views.EvaluationAutosaveView.as_view(), name="evaluation-autosave"),
    path("<int:pk>/submit/", views.EvaluationSubmitView.as_view(), name="evaluation-submit"),
    path(
        "<int:pk>/take-back/", views.EvaluationTakeBackView.as_view(), name="evaluation-take-back"
    ),
    path(
        "<int:pk>/acknowledge/",
        views.EvaluationAcknowledgeView.as_view(),
        name="evaluation-acknowledge",
    ),
    path("<int:pk>/finalize/", views.EvaluationFinalizeView.as_view(), name="evaluation-finalize"),
    path("<int:pk>/amend/", views.EvaluationAmendView.as_view(), name="evaluation-amend"),
    path(
        "<int:pk>/self-assessment/",
        views.EvaluationSelfAssessView.as_view(),
        name="evaluation-self",
    ),
    path(
        "<int:pk>/self-assessment/autosave/",
        views.EvaluationSelfAutosaveView.as_view(),
        name="evaluation-self-autosave",
    ),
    path(
        "<int:pk>/pdf/",
        PdfRequestView.as_view(export=EVALUATION_PDF, url_fields={"pk": "evaluation_id"}),
        name="evaluation-pdf",
    ),
    path(
        "<int:pk>/pdf/<int:pdf_pk>/",
        PdfStatusView.as_view(export=EVALUATION_PDF),
        name="evaluation-pdf-status",
    ),
    path(
        "<int:pk>/pdf/<int:pdf_pk>/download/",
        PdfDownloadView.as_view(export=EVALUATION_PDF),
        name="evaluation-pdf-download",
    ),
]
