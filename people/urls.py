from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.PersonListView.as_view(), name="person-list"),
    path("invite/", views.PersonInviteView.as_view(), name="person-invite"),
    path("<int:pk>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person-edit"),
    path("<int:pk>/leave/", views.PersonLeaveView.as_view(), name="person-leave"),
    path(
        "<int:pk>/invite-again/",
        views.PersonInviteAgainView.as_view(),
        name="person-invite-again",
    ),
    path(
        "welcome/<uidb64>/<token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation-accept",
    ),
    path("account/two-factor/", views.TwoFactorSetupView.as_view(), name="two-factor-setup"),
    path("account/two-factor/off/", views.TwoFactorTurnOffView.as_view(), name="two-factor-off"),
    path(
        "account/two-factor/verify/",
        views.TwoFactorVerifyView.as_view(),
        name="two-factor-verify",
    ),
    path(
        "account/session/keep-alive/",
        views.SessionKeepAliveView.as_view(),
        name="session-keep-alive",
    ),
    path("sign-in-lockouts/", views.LockoutListView.as_view(), name="lockout-list"),
    path("sign-in-lockouts/unlock/", views.LockoutUnlockView.as_view(), name="lockout-unlock"),
]
