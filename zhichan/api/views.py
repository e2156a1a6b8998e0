"""API v1: read access to the registries and the indicators, each scoped by the same access
helpers as the back office (an official's region subtree, an enterprise's own records), with the
filtersets of the list pages, capped page counts and rate limits. Schema: /api/v1/schema/."""

from datetime import date

from django.core.paginator import Paginator
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from zhichan.accounts.access import entities_for_user, regions_for_user
from zhichan.api import serializers as s
from zhichan.assets.access import patents_for_user, rights_for_user
from zhichan.assets.filters import PatentFilter, RightFilter
from zhichan.classify.engine import default_ruleset
from zhichan.entities.filters import EntityFilter
from zhichan.finance.access import pledges_for_user
from zhichan.lib.views import CappedPaginator
from zhichan.market.access import transactions_for_user
from zhichan.market.models import TransactionKind
from zhichan.monitor.compute import cached_board, context
from zhichan.monitor.export import UnknownCodes, board_document, board_selection
from zhichan.monitor.indicators import INDICATORS

COUNT_CAP = 10_000


class CappedApiPaginator(CappedPaginator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, cap=COUNT_CAP, **kwargs)


class Pages(PageNumberPagination):
    """Pages of 50 (page_size up to 200). ``count`` stops at 10,000 with ``count_capped`` true,
    as the list pages do: an exact count over a million filtered rows costs seconds."""

    page_size, page_size_query_param, max_page_size = 50, "page_size", 200
    django_paginator_class = CappedApiPaginator

    def get_paginated_response(self, data):
        paginator: Paginator = self.page.paginator
        return Response({"count": min(paginator.count, COUNT_CAP), "count_capped": paginator.capped,
                         "next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})  # fmt: skip

    def get_paginated_response_schema(self, schema):
        found = super().get_paginated_response_schema(schema)
        found["properties"]["count_capped"] = {"type": "boolean"}
        return found


class Scoped(generics.ListAPIView):
    pagination_class = Pages
    filter_backends = [DjangoFilterBackend]


def _on(request) -> date:
    value = request.query_params.get("on")
    try:
        return date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        raise ValidationError({"on": "日期格式应为 YYYY-MM-DD。"}) from None


ON = OpenApiParameter("on", OpenApiTypes.DATE, description="法律状态所依据的日期（默认今天）")


class RegionList(Scoped):
    """行政区划（本人可见的子树）。"""

    serializer_class = s.RegionSerializer

    def get_queryset(self):
        rows = regions_for_user(self.request.user).select_related("parent").order_by("code")
        parent = self.request.query_params.get("parent")
        return rows.filter(parent__code=parent) if parent else rows


class EntityList(Scoped):
    """创新主体。"""

    serializer_class = s.EntitySerializer
    filterset_class = EntityFilter

    def get_queryset(self):
        return (
            entities_for_user(self.request.user)
            .select_related("region")
            .prefetch_related("tags")
            .order_by("pk")
        )


class EntityDetail(generics.RetrieveAPIView):
    serializer_class = s.EntitySerializer

    def get_queryset(self):
        return entities_for_user(self.request.user).select_related("region").prefetch_related("tags")


@extend_schema_view(get=extend_schema(parameters=[ON]))
class PatentList(Scoped):
    """专利（按申请日倒序），可用列表页的全部筛选条件。"""

    serializer_class = s.PatentSerializer
    filterset_class = PatentFilter

    def get_queryset(self):
        return (
            patents_for_user(self.request.user, listing=True)
            .prefetch_related("region")
            .order_by("-filed_on", "-pk")
        )

    def get_serializer_context(self):
        return super().get_serializer_context() | {"on": _on(self.request)}


@extend_schema_view(get=extend_schema(parameters=[ON]))
class PatentDetail(generics.RetrieveAPIView):
    """一件专利：申请人、法律事件与其状态。"""

    serializer_class = s.PatentDetailSerializer
    lookup_field = "number"

    def get_queryset(self):
        return (
            patents_for_user(self.request.user)
            .select_related("region")
            .prefetch_related("applicant_links", "events")
        )

    def get_serializer_context(self):
        return super().get_serializer_context() | {"on": _on(self.request)}


def right_list(kind: str):
    model, _extra = s.RIGHTS[kind]

    class RightList(Scoped):
        serializer_class = s.RIGHT_SERIALIZERS[kind]
        filterset_class = RightFilter

        def get_queryset(self):
            return (
                rights_for_user(self.request.user, model)
                .select_related("region")
                .order_by("-registered_on", "-pk")
            )

    RightList.__name__ = RightList.__qualname__ = f"{model.__name__}List"
    RightList.__doc__ = f"{model._meta.verbose_name}。"
    return RightList.as_view()


class PledgeList(Scoped):
    """知识产权质押登记（银行只见本行的，企业只见本企业的）。"""

    serializer_class = s.PledgeSerializer

    def get_queryset(self):
        return pledges_for_user(self.request.user).select_related("region").order_by("-registered_on", "-pk")


class TransactionList(Scoped):
    """专利转让与许可登记（企业只见本企业为一方的；可按类型与生效日筛选）。"""

    serializer_class = s.TransactionSerializer

    @extend_schema(parameters=[
        OpenApiParameter("kind", OpenApiTypes.STR, enum=list(TransactionKind.values), description="转让或许可"),
        OpenApiParameter("effective_from", OpenApiTypes.DATE, description="登记/备案生效日不早于"),
        OpenApiParameter("effective_to", OpenApiTypes.DATE, description="登记/备案生效日不晚于"),
    ])  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        rows = transactions_for_user(self.request.user).select_related("region").prefetch_related("patents")
        query = self.request.query_params
        if query.get("kind"):
            if query["kind"] not in TransactionKind.values:
                raise ValidationError({"kind": f"应为 {'、'.join(TransactionKind.values)} 之一。"})
            rows = rows.filter(kind=query["kind"])
        for name, lookup in (("effective_from", "effective_on__gte"), ("effective_to", "effective_on__lte")):
            if query.get(name):
                try:
                    rows = rows.filter(**{lookup: date.fromisoformat(query[name])})
                except ValueError:
                    raise ValidationError({name: "日期格式应为 YYYY-MM-DD。"}) from None
        return rows.order_by("-effective_on", "-pk")


class IndicatorQuery(serializers.Serializer):
    region = serializers.CharField(help_text="区划代码，可多个，逗号分隔")
    as_of = serializers.DateField(required=False, help_text="统计日（默认今天）")
    since = serializers.DateField(required=False, help_text="流量指标统计期起始日（默认统计日当年1月1日）")
    children = serializers.BooleanField(required=False, default=False, help_text="同时给出直接下级")
    indicator = serializers.CharField(required=False, help_text="指标代码，逗号分隔（默认全部）")


class Indicators(APIView):
    """知识产权指标（格式 zhichan.indicators/1，见 docs/indicators.md），与 `zhichan indicators` 相同。"""

    @extend_schema(parameters=[IndicatorQuery], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        query = IndicatorQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        try:
            regions, wanted = board_selection(
                regions_for_user(request.user), data["region"], data["children"], data.get("indicator")
            )
        except UnknownCodes as error:
            if error.kind == "region":
                raise NotFound(f"区划不存在或无权查看：{'、'.join(error.codes)}") from None
            raise ValidationError({"indicator": f"未知指标代码（可用：{', '.join(INDICATORS)}）"}) from None
        as_of = data.get("as_of") or timezone.localdate()
        if data.get("since") and data["since"] > as_of:
            raise ValidationError({"since": "统计期起始日不能晚于统计日。"})
        if not request.user.is_superuser and not regions_for_user(request.user).exists():
            raise PermissionDenied("仅知识产权管理部门工作人员可查询指标。")
        ruleset = default_ruleset()
        ctx = context(as_of, data.get("since"), ruleset)
        return Response(board_document(regions, ctx, cached_board(regions, ctx, wanted), ruleset))
