from django.shortcuts import render
from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from zhichan.accounts import login, tokens
from zhichan.api import views


class TokenView(APIView):
    """Exchange a username and password for a new API token (valid 90 days), under the same login
    policy as the login page (``accounts/login.py``) and rate-limited per address."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_scope = "token"

    def post(self, request):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            refused = login.refusal(request)
            if refused:
                wait = getattr(request, "login_wait", 0) or 5
                return Response({"detail": refused}, status=429, headers={"Retry-After": str(wait)})
            return Response({"detail": "用户名或密码不正确。"}, status=400)
        token, key = tokens.token_create(
            user=serializer.validated_data["user"], name=request.data.get("name", "API")
        )
        return Response({"token": key, "expires": token.expires_at.isoformat()})


def docs(request):
    """The API's reference page (Swagger UI, served from our own static files) over the published
    schema; public, as the schema is."""
    return render(request, "api/docs.html")


RIGHT_KINDS = ("trademarks", "gis", "copyrights", "varieties", "layouts", "dataip")
app_name = "api"
urlpatterns = [
    path(
        "schema/", SpectacularAPIView.as_view(api_version="v1", permission_classes=[AllowAny]), name="schema"
    ),
    path("docs/", docs, name="docs"),
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
