from django.urls import path

from zhichan.awards import views

app_name = "awards"
urlpatterns = [
    path("", views.programmes, name="programmes"),
    path("<int:pk>/", views.programme_detail, name="programme"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("mine/", views.mine, name="mine"),
]
