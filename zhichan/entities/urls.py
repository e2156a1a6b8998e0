from django.urls import path

from zhichan.entities import views

app_name = "entities"
urlpatterns = [
    path("", views.entity_list, name="list"),
    path("export.<str:fmt>", views.entity_export, name="export"),
    path("new/", views.entity_create, name="create"),
    path("<int:pk>/", views.entity_detail, name="detail"),
    path("<int:pk>/edit/", views.entity_edit, name="edit"),
    path("<int:pk>/tags/", views.entity_tag_add, name="tag_add"),
    path("<int:pk>/tags/<int:tag_pk>/delete/", views.entity_tag_remove, name="tag_remove"),
    path("<int:pk>/aliases/", views.entity_alias_add, name="alias_add"),
    path("<int:pk>/merge/", views.entity_merge, name="merge"),
]
