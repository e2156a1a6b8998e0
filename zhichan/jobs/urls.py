from django.urls import path

from zhichan.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/rerun/", views.job_rerun_view, name="rerun"),
    path("<int:pk>/files/<str:name>", views.job_file, name="file"),
]
