from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny

from zhichan.api import views


class TokenView(ObtainAuthToken):
    """Exchange a username and password for the user's API token (rate-limited)."""

    throttle_scope = "token"


RIGHT_KINDS = ("trademarks", "gis", "copyrights", "varieties", "layouts", "dataip")
app_name = "api"
urlpatterns = [
    path(
        "schema/", SpectacularAPIView.as_view(api_version="v1", permission_classes=[AllowAny]), name="schema"
    ),
    path("token/", TokenView.as_view(), name="token"),
    path("regions/", views.RegionList.as_view(), name="regions"),
    path("entities/", views.EntityList.as_view(), name="entities"),
    path("entities/<int:pk>/", views.EntityDetail.as_view(), name="entity"),
    path("patents/", views.PatentList.as_view(), name="patents"),
    path("patents/<str:number>/", views.PatentDetail.as_view(), name="patent"),
    path("pledges/", views.PledgeList.as_view(), name="pledges"),
    path("transactions/", views.TransactionList.as_view(), name="transactions"),
    path("indicators/", views.Indicators.as_view(), name="indicators"),
    *[
        path(f"{kind}/", views.right_list(kind), name=kind)
        for kind in ("trademarks", "gis", "copyrights", "varieties", "layouts", "dataip")
    ],
]
