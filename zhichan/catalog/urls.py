from django.urls import path

from zhichan.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.items, name="list"),
    path("new/", views.item_edit, name="new"),
    path("footer/", views.footer_edit, name="footer"),
    path("<int:pk>/", views.item_edit, name="edit"),
]
