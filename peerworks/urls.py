from django.contrib import admin
from django.urls import include, path

from home.views import HomeView
from people.views import PasswordResetConfirmView, PasswordResetView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    # Django's own, finding people in every organisation (no one is signed in yet).
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("people/", include("people.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("trainings/", include("trainings.urls")),
    path("", include("onboarding.urls")),
    path("workplans/", include("workplans.urls")),
    path("audit/", include("audit.urls")),
    path("network/", include("organisations.urls")),
    path("", include("competencies.urls")),
    path("admin/", admin.site.urls),
]
