from django.urls import path

from core.pdfs.views import PdfDownloadView, PdfRequestView, PdfStatusView

from . import views
from .models import TrainingPdf
from .pdf import TRAINING_PDF

app_name = "trainings"

urlpatterns = [
    path("", views.SessionListView.as_view(), name="session-list"),
    path("calendar/", views.SessionCalendarView.as_view(), name="session-calendar"),
    path("courses/", views.CourseListView.as_view(), name="course-list"),
    path("settings/", views.TrainingSettingsView.as_view(), name="settings"),
    path("sessions/new/", views.SessionCreateView.as_view(), name="session-create"),
    path("sessions/<int:pk>/", views.SessionDetailView.as_view(), name="session-detail"),
    path("sessions/<int:pk>/enrol/", views.SessionEnrolView.as_view(), name="session-enrol"),
    path("sessions/<int:pk>/ics/", views.SessionIcsView.as_view(), name="session-ics"),
    path("sessions/<int:pk>/edit/", views.SessionUpdateView.as_view(), name="session-edit"),
    path("sessions/<int:pk>/cancel/", views.SessionCancelView.as_view(), name="session-cancel"),
    path(
        "sessions/<int:pk>/capacity/",
        views.SessionCapacityView.as_view(),
        name="session-capacity",
    ),
    path(
        "sessions/<int:pk>/attendance/",
        views.SessionAttendanceView.as_view(),
        name="session-attendance",
    ),
    path(
        "enrolments/<int:pk>/cancel/", views.EnrolmentCancelView.as_view(), name="enrolment-cancel"
    ),
    path(
        "enrolments/<int:pk>/certificate/",
        views.CertificateRequestView.as_view(),
        name="enrolment-certificate",
    ),
    path("transcripts/<int:user_pk>/", views.TranscriptView.as_view(), name="transcript"),
    path(
        "transcripts/<int:user_pk>/csv/", views.TranscriptCsvView.as_view(), name="transcript-csv"
    ),
    path(
        "transcripts/<int:user_pk>/pdf/",
        PdfRequestView.as_view(
            export=TRAINING_PDF,
            url_fields={"user_pk": "person_id"},
            fields={"kind": TrainingPdf.Kind.TRANSCRIPT},
        ),
        name="transcript-pdf",
    ),
    path(
        "suggestions/<int:user_pk>/",
        views.SuggestionsView.as_view(),
        name="suggestions",
    ),
    path("pdfs/<int:pk>/", PdfStatusView.as_view(export=TRAINING_PDF), name="pdf-status"),
    path(
        "pdfs/<int:pk>/download/",
        PdfDownloadView.as_view(export=TRAINING_PDF),
        name="pdf-download",
    ),
]
