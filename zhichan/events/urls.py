from django.urls import path

from zhichan.events import views

app_name = "events"
urlpatterns = [path("", views.events, name="list")]
