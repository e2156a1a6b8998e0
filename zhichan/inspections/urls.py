from django.urls import path

from zhichan.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.plans, name="plans"),
    path("<int:pk>/", views.plan_detail, name="plan"),
]
