from .checkins import (
    CheckInDetailView,
    CheckInRecordView,
    CheckInScheduleCadenceView,
    CheckInScheduleCreateView,
    CheckInScheduleDetailView,
    CheckInScheduleListView,
)
from .plans import (
    OnboardingBoardView,
    OnboardingCancelView,
    OnboardingCreateView,
    OnboardingDetailView,
    OnboardingItemCompleteView,
    OnboardingItemNotApplicableView,
    OnboardingItemReassignView,
    OnboardingItemReopenView,
    SupervisorSearchView,
)
from .templates import (
    ChecklistTemplateCloneView,
    ChecklistTemplateEditView,
    ChecklistTemplateListView,
    HolidayDeleteView,
    HolidayListView,
)

__all__ = [
    "SupervisorSearchView",
    "CheckInDetailView",
    "CheckInRecordView",
    "CheckInScheduleCadenceView",
    "CheckInScheduleCreateView",
    "CheckInScheduleDetailView",
    "CheckInScheduleListView",
    "ChecklistTemplateCloneView",
    "ChecklistTemplateEditView",
    "ChecklistTemplateListView",
    "HolidayDeleteView",
    "HolidayListView",
    "OnboardingBoardView",
    "OnboardingCancelView",
    "OnboardingCreateView",
    "OnboardingDetailView",
    "OnboardingItemCompleteView",
    "OnboardingItemNotApplicableView",
    "OnboardingItemReassignView",
    "OnboardingItemReopenView",
]
