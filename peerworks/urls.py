from django.contrib import admin
from django.urls import include, path

from home.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("people/", include("people.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("trainings/", include("trainings.urls")),
    path("", include("onboarding.urls")),
    path("workplans/", include("workplans.urls")),
    path("audit/", include("audit.urls")),
    path("", include("competencies.urls")),
    path("admin/", admin.site.urls),
]
