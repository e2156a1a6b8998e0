from django.urls import path

from zhichan.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.region_list, name="list"),
    path("resolve/", views.resolve, name="resolve"),
    path("resolve/again/", views.reresolve, name="reresolve"),
    path("figures/import/", views.figures_import, name="figures_import"),
    path("figures/template.xlsx", views.figures_template, name="figures_template"),
    path("<str:code>/", views.region_detail, name="detail"),
    path("<str:code>/figures/", views.figure_save, name="figure_save"),
]
