from django.urls import path

from . import views

app_name = "competencies"

urlpatterns = [
    path("frameworks/", views.FrameworkListView.as_view(), name="framework-list"),
    path("frameworks/<int:pk>/", views.FrameworkDetailView.as_view(), name="framework-detail"),
    path(
        "frameworks/<int:pk>/export/", views.FrameworkExportView.as_view(), name="framework-export"
    ),
    path(
        "frameworks/imports/new/", views.CatalogueImportCreateView.as_view(), name="import-create"
    ),
    path(
        "frameworks/imports/<int:pk>/",
        views.CatalogueImportDetailView.as_view(),
        name="import-detail",
    ),
    path(
        "frameworks/imports/<int:pk>/apply/",
        views.CatalogueImportApplyView.as_view(),
        name="import-apply",
    ),
    path(
        "frameworks/imports/<int:pk>/discard/",
        views.CatalogueImportDiscardView.as_view(),
        name="import-discard",
    ),
    path("items/", views.ItemSearchView.as_view(), name="item-search"),
    path("items/<int:pk>/", views.ItemDetailView.as_view(), name="item-detail"),
    path(
        "items/<int:pk>/alignments/", views.AlignmentCreateView.as_view(), name="alignment-create"
    ),
    path(
        "alignments/<int:pk>/delete/", views.AlignmentDeleteView.as_view(), name="alignment-delete"
    ),
]
