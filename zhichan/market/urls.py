from django.urls import path

from zhichan.market import product_views, views

app_name = "market"
urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("demands/", views.demands, name="demands"),
    path("demands/<int:pk>/", views.demand_detail, name="demand"),
    path("listings/", views.listings, name="listings"),
    path("listings/<int:pk>/accept/", views.accept, name="accept"),
    path("mine/", views.mine, name="mine"),
    path("transactions/", views.transactions, name="transactions"),
    path("patents/<int:pk>/enterprises/", views.reverse_page, name="reverse"),
    path("recommendations/", views.recommendations, name="recommendations"),
    path("deals/", views.deals, name="deals"),
    path("deals/<int:pk>/", views.deal_detail, name="deal"),
    path("grades/", views.grades, name="grades"),
    path("pools/", views.pools, name="pools"),
    path("products/", product_views.products, name="products"),
    path("products/mine/", product_views.mine, name="products_mine"),
    path("products/<int:pk>/", product_views.product, name="product"),
]
