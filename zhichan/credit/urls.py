from django.urls import path

from zhichan.credit import views

app_name = "credit"
urlpatterns = [
    path("", views.grades, name="grades"),
    path("entities/<int:pk>/", views.entity_credit, name="entity"),
    path("scheme/copy/", views.scheme_copy, name="scheme_copy"),
]
