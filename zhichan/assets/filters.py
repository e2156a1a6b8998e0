"""Filtersets of the registry, shared by the list pages and the exports (and later the API)."""

import re
from datetime import date

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhichan.assets import status
from zhichan.assets.access import subtree_ids
from zhichan.assets.models import PatentApplicant, PatentKind, PatentStatus, RightStatus
from zhichan.entities.models import Entity, EntityTag
from zhichan.entities.tags import tag_choices
from zhichan.lib import patentno
from zhichan.lib.text import name_key
from zhichan.regions.models import Region

DATE = forms.DateInput(attrs={"type": "date"})


def _region(queryset, value):
    region = Region.objects.filter(code=value.strip()).first()
    if region is None:
        return queryset.none()
    return queryset.filter(region__in=subtree_ids(region))


def _is_id(value) -> bool:
    """A number that can be a primary key (a huge or fractional one would fail in the database)."""
    return value == int(value) and 0 < value < 2**63


def _holders_tagged(tag: str, on: date):
    return (
        EntityTag.objects.filter(tag=tag)
        .filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )
        .values("entity_id")
    )


class PatentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("申请号或名称"), method="filter_q")
    kind = django_filters.ChoiceFilter(label=_("专利类型"), choices=PatentKind.choices)
    status = django_filters.ChoiceFilter(
        label=_("法律状态"), choices=PatentStatus.choices, method="filter_status"
    )
    on = django_filters.DateFilter(label=_("状态日期"), method="filter_noop", widget=DATE)
    region = django_filters.CharFilter(label=_("区划代码"), method="filter_region")
    ipc = django_filters.CharFilter(label=_("主分类号前缀"), method="filter_ipc")
    applicant = django_filters.CharFilter(label=_("申请人"), method="filter_applicant")
    entity = django_filters.NumberFilter(label=_("主体编号"), method="filter_entity")
    tag = django_filters.ChoiceFilter(label=_("申请人标签"), choices=[], method="filter_tag")
    filed_from = django_filters.DateFilter(
        label=_("申请日起"), field_name="filed_on", lookup_expr="gte", widget=DATE
    )
    filed_to = django_filters.DateFilter(
        label=_("申请日止"), field_name="filed_on", lookup_expr="lte", widget=DATE
    )
    granted_from = django_filters.DateFilter(
        label=_("授权日起"), field_name="granted_on", lookup_expr="gte", widget=DATE
    )
    granted_to = django_filters.DateFilter(
        label=_("授权日止"), field_name="granted_on", lookup_expr="lte", widget=DATE
    )
    # Classes (issue 4), under the rule version given or the default one.
    ruleset = django_filters.NumberFilter(label=_("规则版本"), method="filter_noop", widget=forms.HiddenInput)
    sei = django_filters.CharFilter(label=_("战略性新兴产业代码"), method="filter_sei")
    pi = django_filters.CharFilter(label=_("专利密集型产业大类"), method="filter_pi")
    high_value = django_filters.BooleanFilter(label=_("高价值发明专利"), method="filter_high_value")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["tag"].extra["choices"] = tag_choices()  # the offices' own tags too

    def rule_version(self):
        from zhichan.classify.engine import default_ruleset
        from zhichan.classify.models import RuleSet

        chosen = self.form.cleaned_data.get("ruleset") if hasattr(self.form, "cleaned_data") else None
        return (RuleSet.objects.filter(pk=chosen).first() if chosen else None) or default_ruleset()

    def _classes(self, queryset, **lookups):
        from zhichan.classify.models import PatentClass

        ruleset = self.rule_version()
        if ruleset is None:
            return queryset.none()
        classes = PatentClass.objects.filter(ruleset=ruleset)
        if "bit" in lookups:
            field, bit = lookups.pop("bit")
            classes = classes.annotate(_bit=F(field).bitand(bit)).filter(_bit__gt=0)
        return queryset.filter(pk__in=classes.filter(**lookups).values("patent_id"))

    def filter_sei(self, queryset, name, value):
        code = value.strip()
        if code.isdecimal() and 1 <= int(code) <= 9:
            return self._classes(queryset, bit=("sei_mask", 1 << (int(code) - 1)))
        return self._classes(queryset, sei_codes__regex=rf"(^|; ){re.escape(code)}(;|$)")

    def filter_pi(self, queryset, name, value):
        if not (value.strip().isdecimal() and 1 <= int(value) <= 7):
            return queryset.none()
        return self._classes(queryset, bit=("pi_mask", 1 << (int(value) - 1)))

    def filter_high_value(self, queryset, name, value):
        from zhichan.classify.engine import high_value_q

        ruleset = self.rule_version()
        if ruleset is None:
            return queryset.none()
        high = high_value_q(ruleset, self.on_date())
        return queryset.filter(high if value else ~high)

    def on_date(self) -> date:
        return (
            self.form.cleaned_data.get("on") if hasattr(self.form, "cleaned_data") else None
        ) or timezone.localdate()

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_q(self, queryset, name, value):
        try:
            return queryset.filter(number=patentno.normalize(value))
        except patentno.InvalidApplicationNumber:
            text = value.strip()
            # Case folding only matters for Latin letters; without them a plain LIKE is much cheaper.
            if any("a" <= ch.lower() <= "z" for ch in text):
                return queryset.filter(title__icontains=text)
            return queryset.filter(title__contains=text)

    def filter_status(self, queryset, name, value):
        return queryset.filter(status.status_q(value, self.on_date()))

    def filter_region(self, queryset, name, value):
        return _region(queryset, value)

    def filter_ipc(self, queryset, name, value):
        prefix = value.strip().upper()
        # A range rather than LIKE, so that the index serves on PostgreSQL whatever the collation.
        return queryset.filter(main_ipc__gte=prefix, main_ipc__lt=prefix + "\uffff")

    def filter_applicant(self, queryset, name, value):
        """Patents of the entities whose name or an alias contains the text (linked applicants;
        names awaiting review are found in the review queue). Searching 65,000 entity names
        instead of a million applicant strings keeps this fast."""
        key = name_key(value)
        if not key:
            return queryset
        entities = Entity.objects.filter(
            Q(name_key__contains=key) | Q(aliases__name_key__contains=key)
        ).values("pk")
        return queryset.filter(pk__in=PatentApplicant.objects.filter(entity__in=entities).values("patent_id"))

    def filter_entity(self, queryset, name, value):
        if not _is_id(value):
            return queryset.none()
        return queryset.filter(applicant_links__entity_id=int(value)).distinct()

    def filter_tag(self, queryset, name, value):
        return queryset.filter(first_applicant__in=_holders_tagged(value, self.on_date()))


class RightFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("登记号、名称或权利人"), method="filter_q")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=RightStatus.choices)
    valid_on = django_filters.DateFilter(label=_("在该日有效"), method="filter_valid", widget=DATE)
    region = django_filters.CharFilter(label=_("区划代码"), method="filter_region")
    entity = django_filters.NumberFilter(label=_("主体编号"), method="filter_entity")

    def filter_entity(self, queryset, name, value):
        return queryset.filter(holder_id=int(value)) if _is_id(value) else queryset.none()

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(number=value) | Q(title__icontains=value) | Q(holders__icontains=value))

    def filter_valid(self, queryset, name, value):
        return queryset.filter(status.right_valid_q(value))

    def filter_region(self, queryset, name, value):
        return _region(queryset, value)
