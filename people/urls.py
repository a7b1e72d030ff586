from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.PersonListView.as_view(), name="person-list"),
    path("<int:pk>/", views.PersonDetailView.as_view(), name="person-detail"),
]
