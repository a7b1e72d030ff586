"""Training views, split by concept; each checks access, parses, calls a service or selector."""

from .people import (
    CertificateRequestView,
    SuggestionsView,
    TranscriptCsvView,
    TranscriptView,
)
from .sessions import (
    CourseListView,
    EnrolmentCancelView,
    SessionAttendanceView,
    SessionCalendarView,
    SessionCancelView,
    SessionCapacityView,
    SessionCreateView,
    SessionDetailView,
    SessionEnrolView,
    SessionIcsView,
    SessionListView,
    SessionUpdateView,
)
from .settings import TrainingSettingsView

__all__ = [
    "CertificateRequestView",
    "CourseListView",
    "EnrolmentCancelView",
    "SessionAttendanceView",
    "SessionCalendarView",
    "SessionCancelView",
    "SessionCapacityView",
    "SessionCreateView",
    "SessionDetailView",
    "SessionEnrolView",
    "SessionIcsView",
    "SessionListView",
    "SessionUpdateView",
    "SuggestionsView",
    "TranscriptCsvView",
    "TrainingSettingsView",
    "TranscriptView",
]
