from django.urls import path

from zhichan.market import product_views
from zhichan.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("open-data/indicators.<str:fmt>", views.open_data, name="open_data"),
    path("services/", views.services, name="services"),
    path("services/<int:pk>/", views.service, name="service"),
    path("listings/", views.listings, name="listings"),
    path("demands/", views.demands, name="demands"),
    path("whitelist/", views.whitelist, name="whitelist"),
    path("directories/", views.directories, name="directories"),
    path("events/", views.events, name="events"),
    path("inspections/", views.inspections, name="inspections"),
    path("products/", product_views.public, name="products"),
    path("inspections/<int:pk>/", views.inspection, name="inspection"),
    path("mine/", views.mine, name="mine"),
    path("awards/", views.publicities, name="publicities"),
    path("awards/<int:pk>/", views.publicity, name="publicity"),
    path("objections/<str:kind>/<int:pk>/", views.object_to, name="object"),
    path("objections/", views.objections_page, name="objections"),
]
