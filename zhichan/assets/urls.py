from django.urls import path

from zhichan.assets import views

app_name = "assets"
urlpatterns = [
    path("patents/", views.patent_list, name="patents"),
    path("patents/export.<str:fmt>", views.patent_export, name="patent_export"),
    path("patents/count/", views.patent_count, name="patent_count"),
    path("patents/<int:pk>/", views.patent_detail, name="patent"),
    path("patents/<int:pk>/events/", views.patent_event_add, name="patent_event_add"),
    path("gi/", views.gi_overview, name="gi"),
    path("rights/<str:kind>/", views.right_list, name="rights"),
    path("rights/<str:kind>/export.<str:fmt>", views.right_export, name="right_export"),
    path("imports/", views.import_list, name="imports"),
    path("imports/<int:pk>/", views.batch_detail, name="batch"),
    path("imports/<int:pk>/undo/", views.batch_undo, name="batch_undo"),
    path("imports/<int:pk>/errors.xlsx", views.batch_errors, name="batch_errors"),
    path("imports/template/<str:kind>.xlsx", views.import_template, name="import_template"),
    path("reviews/", views.review_list, name="reviews"),
    path("reviews/<int:pk>/resolve/", views.review_resolve, name="review_resolve"),
    path("profile/<int:pk>/", views.entity_profile, name="profile"),
]
