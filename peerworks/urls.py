from django.contrib import admin
from django.urls import include, path

from core.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("people/", include("people.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("", include("competencies.urls")),
    path("admin/", admin.site.urls),
]
