from django.urls import path

from zhichan.screening import views

app_name = "screening"
urlpatterns = [
    path("", views.runs, name="runs"),
    path("<int:pk>/", views.run_detail, name="run"),
]
