"""Training views, split by concept; each checks access, parses, calls a service or selector."""

from .people import (
    CertificateRequestView,
    SuggestionsView,
    TrainingPdfDownloadView,
    TrainingPdfStatusView,
    TranscriptCsvView,
    TranscriptPdfRequestView,
    TranscriptView,
)
from .sessions import (
    CourseListView,
    EnrolmentCancelView,
    SessionAttendanceView,
    SessionCalendarView,
    SessionCancelView,
    SessionCreateView,
    SessionDetailView,
    SessionEnrolView,
    SessionIcsView,
    SessionListView,
)

__all__ = [
    "CertificateRequestView",
    "CourseListView",
    "EnrolmentCancelView",
    "SessionAttendanceView",
    "SessionCalendarView",
    "SessionCancelView",
    "SessionCreateView",
    "SessionDetailView",
    "SessionEnrolView",
    "SessionIcsView",
    "SessionListView",
    "SuggestionsView",
    "TrainingPdfDownloadView",
    "TrainingPdfStatusView",
    "TranscriptCsvView",
    "TranscriptPdfRequestView",
    "TranscriptView",
]
