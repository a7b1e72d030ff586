from django.urls import path

from . import views

app_name = "onboarding"

urlpatterns = [
    path("onboarding/", views.OnboardingBoardView.as_view(), name="onboarding-board"),
    path(
        "onboarding/supervisors/",
        views.SupervisorSearchView.as_view(),
        name="supervisor-search",
    ),
    path("onboarding/new/", views.OnboardingCreateView.as_view(), name="onboarding-create"),
    path("onboarding/<int:pk>/", views.OnboardingDetailView.as_view(), name="onboarding-detail"),
    path(
        "onboarding/<int:pk>/cancel/",
        views.OnboardingCancelView.as_view(),
        name="onboarding-cancel",
    ),
    path(
        "onboarding/items/<int:pk>/complete/",
        views.OnboardingItemCompleteView.as_view(),
        name="item-complete",
    ),
    path(
        "onboarding/items/<int:pk>/not-applicable/",
        views.OnboardingItemNotApplicableView.as_view(),
        name="item-not-applicable",
    ),
    path(
        "onboarding/items/<int:pk>/reassign/",
        views.OnboardingItemReassignView.as_view(),
        name="item-reassign",
    ),
    path(
        "onboarding/items/<int:pk>/reopen/",
        views.OnboardingItemReopenView.as_view(),
        name="item-reopen",
    ),
    path("onboarding/templates/", views.ChecklistTemplateListView.as_view(), name="template-list"),
    path(
        "onboarding/templates/<int:pk>/",
        views.ChecklistTemplateEditView.as_view(),
        name="template-edit",
    ),
    path(
        "onboarding/templates/<int:pk>/clone/",
        views.ChecklistTemplateCloneView.as_view(),
        name="template-clone",
    ),
    path("onboarding/holidays/", views.HolidayListView.as_view(), name="holiday-list"),
    path(
        "onboarding/holidays/<int:pk>/delete/",
        views.HolidayDeleteView.as_view(),
        name="holiday-delete",
    ),
    path("check-ins/", views.CheckInScheduleListView.as_view(), name="checkin-list"),
    path(
        "check-ins/new/", views.CheckInScheduleCreateView.as_view(), name="checkin-schedule-create"
    ),
    path(
        "check-ins/schedules/<int:pk>/",
        views.CheckInScheduleDetailView.as_view(),
        name="checkin-schedule-detail",
    ),
    path(
        "check-ins/schedules/<int:pk>/cadence/",
        views.CheckInScheduleCadenceView.as_view(),
        name="checkin-schedule-cadence",
    ),
    path(
        "check-ins/schedules/<int:pk>/record/",
        views.CheckInRecordView.as_view(),
        name="checkin-record",
    ),
    path("check-ins/<int:pk>/", views.CheckInDetailView.as_view(), name="checkin-detail"),
]
