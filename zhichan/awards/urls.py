from django.urls import path

from zhichan.awards import views

app_name = "awards"
urlpatterns = [
    path("", views.programmes, name="programmes"),
    path("<int:pk>/", views.programme_detail, name="programme"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("mine/", views.mine, name="mine"),
    path("projects/", views.project_list, name="projects"),
    path("projects/mine/", views.projects_mine, name="projects_mine"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
]
