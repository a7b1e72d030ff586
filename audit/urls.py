from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.LogEntryListView.as_view(), name="logentry-list"),
]
