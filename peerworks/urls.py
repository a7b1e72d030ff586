from django.contrib import admin
from django.urls import include, path

from core.notices.views import NoticePreferenceLinkView, NoticeSettingsView
from home.views import HomeView
from people.oidc import OrganisationCallbackView, OrganisationSignInView
from people.views import PasswordResetConfirmView, PasswordResetView, SignInView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("accounts/login/", SignInView.as_view(), name="login"),
    # Django's own, finding people in every organisation (no one is signed in yet).
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    # Signing in through an organisation's own identity provider (people/oidc.py): one
    # callback for every organisation, the URL each registers at its provider.
    path("sign-in/oidc/callback/", OrganisationCallbackView.as_view(), name="oidc-callback"),
    path("sign-in/<slug:slug>/oidc/", OrganisationSignInView.as_view(), name="oidc-sign-in"),
    path("settings/notifications/", NoticeSettingsView.as_view(), name="notice-settings"),
    # The link in every email: opened (or posted to by a mail program) without signing in.
    path(
        "settings/notifications/<str:token>/",
        NoticePreferenceLinkView.as_view(),
        name="notice-preference-link",
    ),
    path("people/", include("people.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("trainings/", include("trainings.urls")),
    path("", include("onboarding.urls")),
    path("workplans/", include("workplans.urls")),
    path("self-assessment/", include("readiness.urls")),
    path("audit/", include("audit.urls")),
    path("network/", include("organisations.urls")),
    path("", include("competencies.urls")),
    path("admin/", admin.site.urls),
]
