from django.urls import path

from zhichan.classify import views

app_name = "classify"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("rulesets/<int:pk>/recompute/", views.recompute, name="recompute"),
    path("rulesets/<int:pk>/thresholds/", views.thresholds_edit, name="thresholds"),
    path("tables/upload/", views.table_upload, name="table_upload"),
    path("patents/<int:pk>/", views.patent_classes, name="patent"),
    path("summary/", views.summary, name="summary"),
    path("export.xlsx", views.export, name="export"),
]
