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
    "TranscriptCsvView",
    "TranscriptView",
]
