from django.urls import path

from core.pdfs.views import PdfDownloadView, PdfRequestView, PdfStatusView

from . import views
from .pdf import WORKPLAN_PDF

app_name = "workplans"

urlpatterns = [
    path("", views.WorkPlanListView.as_view(), name="workplan-list"),
    path("new/", views.WorkPlanCreateView.as_view(), name="workplan-create"),
    path(
        "from-evaluation/<int:evaluation_pk>/",
        views.WorkPlanFromEvaluationView.as_view(),
        name="workplan-from-evaluation",
    ),
    path("<int:pk>/", views.WorkPlanDetailView.as_view(), name="workplan-detail"),
    path("<int:pk>/edit/", views.WorkPlanEditView.as_view(), name="workplan-edit"),
    path("<int:pk>/sign/", views.WorkPlanSignView.as_view(), name="workplan-sign"),
    path(
        "<int:pk>/steps/new/", views.WorkPlanStepCreateView.as_view(), name="workplan-step-create"
    ),
    path(
        "<int:pk>/steps/<int:step_pk>/done/",
        views.WorkPlanStepDoneView.as_view(),
        name="workplan-step-done",
    ),
    path(
        "<int:pk>/steps/<int:step_pk>/delete/",
        views.WorkPlanStepDeleteView.as_view(),
        name="workplan-step-delete",
    ),
    path(
        "<int:pk>/meetings/new/",
        views.WorkPlanMeetingCreateView.as_view(),
        name="workplan-meeting-create",
    ),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/edit/",
        views.WorkPlanMeetingEditView.as_view(),
        name="workplan-meeting-edit",
    ),
    path(
        "<int:pk>/pdf/",
        PdfRequestView.as_view(export=WORKPLAN_PDF, url_fields={"pk": "plan_id"}),
        name="workplan-pdf",
    ),
    path(
        "<int:pk>/pdf/<int:pdf_pk>/",
        PdfStatusView.as_view(export=WORKPLAN_PDF),
        name="workplan-pdf-status",
    ),
    path(
        "<int:pk>/pdf/<int:pdf_pk>/download/",
        PdfDownloadView.as_view(export=WORKPLAN_PDF),
        name="workplan-pdf-download",
    ),
]
