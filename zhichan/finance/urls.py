from django.urls import path

from zhichan.finance import views

app_name = "finance"
urlpatterns = [
    path("pledges/", views.pledges, name="pledges"),
    path("pledges/new/", views.pledge_new, name="pledge_new"),
    path("pledges/<int:pk>/", views.pledge_detail, name="pledge"),
    path("portfolio/<int:pk>/", views.portfolio, name="portfolio"),
    path("whitelists/", views.whitelists, name="whitelists"),
    path("whitelists/<int:pk>/", views.whitelist_detail, name="whitelist"),
    path("whitelist/", views.whitelist_public, name="versions"),
    path("whitelist/<int:pk>/", views.version_detail, name="version"),
    path("subsidy/", views.subsidy_page, name="subsidy"),
    path("lpr/", views.lpr_page, name="lpr"),
    path("pool/", views.pool_page, name="pool"),
    path("pledges/<int:pk>/default/", views.default_report, name="default_report"),
    path("claims/", views.claims, name="claims"),
    path("needs/", views.needs, name="needs"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("insurance/", views.insurance_page, name="insurance"),
    path("insurance/<int:pk>/", views.insurance_policy, name="insurance_policy"),
]
