from django.urls import path

from zhichan.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.plans, name="plans"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection"),
]
