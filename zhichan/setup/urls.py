from django.urls import path

from zhichan.setup import views

app_name = "setup"
urlpatterns = [
    path("", views.index, name="index"),
    path("config.xlsx", views.config_export, name="config_export"),
    path("config/import/", views.config_import, name="config_import"),
    path("plans/<int:pk>/targets.xlsx", views.plan_export, name="plan_export"),
    path("plans/<int:pk>/targets/import/", views.plan_import, name="plan_import"),
    path("templates/", views.templates, name="templates"),
    path("templates/<slug:kind>/<slug:which>.docx", views.template_download, name="template_download"),
    path("<slug:kind>/", views.record_list, name="list"),
    path("<slug:kind>/new/", views.record_new, name="new"),
    path("<slug:kind>/<int:pk>/", views.record_edit, name="edit"),
    path("<slug:kind>/<int:pk>/delete/", views.record_delete, name="delete"),
]
