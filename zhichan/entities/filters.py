"""The entity filterset, shared by the list page, the export and (later) the API."""

from datetime import date

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhichan.entities.models import Entity, EntityKind
from zhichan.entities.tags import tag_choices
from zhichan.lib.text import name_key


class EntityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称/代码"), method="filter_q")
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=EntityKind.choices)
    region = django_filters.CharFilter(label=_("区划代码"), method="filter_region")
    tag = django_filters.ChoiceFilter(label=_("标签（当前有效）"), choices=[], method="filter_tag")
    has_credit_code = django_filters.BooleanFilter(
        label=_("有信用代码"), field_name="credit_code", lookup_expr="isnull", exclude=True
    )
    include_merged = django_filters.BooleanFilter(label=_("含已合并"), method="filter_merged")

    class Meta:
        model = Entity
        fields = ["q", "kind", "region", "tag", "has_credit_code"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["tag"].extra["choices"] = tag_choices()  # the offices' own tags too
        if not (data or {}).get("include_merged"):
            self.queryset = self.queryset.filter(merged_into__isnull=True)

    def filter_q(self, queryset, name, value):
        key = name_key(value)
        return queryset.filter(
            Q(name__icontains=value.strip())
            | Q(name_key__contains=key)
            | Q(credit_code=key)
            | Q(aliases__name_key__contains=key)
        ).distinct()

    def filter_region(self, queryset, name, value):
        from zhichan.regions.models import Region

        region = Region.objects.filter(code=value.strip()).first()
        if region is None:
            return queryset.none()
        return queryset.filter(region__prefix__startswith=region.prefix)

    def filter_tag(self, queryset, name, value):
        today = date.today()
        return queryset.filter(
            Q(tags__valid_from__isnull=True) | Q(tags__valid_from__lte=today),
            Q(tags__valid_to__isnull=True) | Q(tags__valid_to__gte=today),
            tags__tag=value,
        ).distinct()

    def filter_merged(self, queryset, name, value):
        return queryset
