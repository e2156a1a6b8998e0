from django.urls import path

from zhichan.agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.agencies, name="list"),
    path("<int:pk>/", views.agency_detail, name="agency"),
    path("experts/", views.experts, name="experts"),
]
