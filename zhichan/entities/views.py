from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichan.accounts.access import (
    can_edit_entity,
    entities_for_user,
    entity_for_user_or_404,
    regions_for_user,
    require_edit_entity,
    user_region,
)
from zhichan.entities import services
from zhichan.entities.filters import EntityFilter
from zhichan.entities.forms import AliasForm, EntityForm, MergeForm, TagForm
from zhichan.entities.models import EntityTag
from zhichan.jobs.exports import Export, export_response
from zhichan.lib.forms import record_version
from zhichan.lib.views import list_template, paginate, staff_required


def _filtered(request):
    return _entity_filter(request.user, request.GET)


def _entity_filter(user, params) -> EntityFilter:
    return EntityFilter(
        params, queryset=entities_for_user(user).prefetch_related("region").order_by("name", "pk")
    )


@staff_required
def entity_list(request):
    filterset = _filtered(request)
    page = paginate(request, filterset.qs.annotate(tag_count=Count("tags")))
    template = list_template(request, "entities/list.html", "entities/_results.html")
    return render(request, template, {"filter": filterset, "page": page})


EXPORT_HEADER = [
    "编号",
    "名称",
    "类型",
    "统一社会信用代码",
    "区划代码",
    "区划",
    "地址",
    "行业代码",
    "成立日期",
]


@staff_required
def entity_export(request, fmt: str):
    return export_response(request, "entities", fmt)


def entity_export_rows(user, params) -> Export:
    queryset = _entity_filter(user, params).qs
    rows = (
        [
            e.pk,
            e.name,
            e.get_kind_display(),
            e.credit_code or "",
            e.region.code if e.region else "",
            e.region.name if e.region else "",
            e.address,
            e.industry_code,
            e.established_on,
        ]
        for e in queryset.iterator(chunk_size=2000)
    )
    return Export("创新主体", EXPORT_HEADER, rows, queryset)


def _region_from_form(request, form) -> object:
    code = form.cleaned_data["region_code"].strip()
    if not code:
        return None
    region = regions_for_user(request.user).filter(code=code).first()
    if region is None:
        form.add_error("region_code", _("区划代码不存在或不在您的管辖范围内。"))
    return region


def _data(form, region) -> services.EntityData:
    d = form.cleaned_data
    return services.EntityData(
        name=d["name"],
        kind=d["kind"],
        credit_code=d["credit_code"],
        region=region,
        address=d["address"],
        industry_code=d["industry_code"],
        established_on=d["established_on"],
        contact_name=d["contact_name"],
        contact_phone=d["contact_phone"],
    )


@staff_required
def entity_create(request):
    form = EntityForm(request.POST or None, initial={"kind": "enterprise"})
    if request.method == "POST" and form.is_valid():
        region = _region_from_form(request, form)
        if not form.errors:
            try:
                entity = services.entity_create(data=_data(form, region), within=user_region(request.user))
                messages.success(request, _("已登记创新主体“%(name)s”。") % {"name": entity.name})
                return redirect("entities:detail", pk=entity.pk)
            except ValidationError as error:
                _add_errors(form, error)
    return render(request, "entities/form.html", {"form": form, "title": _("新增创新主体")})


@staff_required
def entity_edit(request, pk: int):
    entity = entity_for_user_or_404(request.user, pk)
    require_edit_entity(request.user, entity)
    initial = _initial(entity)
    form = EntityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        region = _region_from_form(request, form)
        if not form.errors:
            try:
                services.entity_update(
                    entity=entity, data=_data(form, region), within=user_region(request.user),
                    version=form.cleaned_data["version"],
                )  # fmt: skip
                messages.success(request, _("已保存。"))
                return redirect("entities:detail", pk=entity.pk)
            except ValidationError as error:
                entity.refresh_from_db()
                if getattr(error, "code", "") == "stale":  # show the latest values, to edit again
                    form = EntityForm(initial=_initial(entity))
                    messages.error(request, "；".join(error.messages))
                else:
                    _add_errors(form, error)
    return render(request, "entities/form.html", {"form": form, "entity": entity, "title": _("编辑创新主体")})


def _initial(entity) -> dict:
    return {"name": entity.name, "kind": entity.kind, "credit_code": entity.credit_code or "",
            "region_code": entity.region.code if entity.region else "", "address": entity.address,
            "industry_code": entity.industry_code, "established_on": entity.established_on,
            "contact_name": entity.contact_name, "contact_phone": entity.contact_phone,
            "version": record_version(entity)}  # fmt: skip


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            target = {"region": "region_code"}.get(field, field)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@staff_required
def entity_detail(request, pk: int):
    entity = entity_for_user_or_404(request.user, pk)
    context = {
        "entity": entity,
        "tags": entity.tags.all(),
        "aliases": entity.aliases.all(),
        "merged": entity.merged.all(),
        "can_edit": can_edit_entity(request.user, entity),
        "tag_form": TagForm(),
        "alias_form": AliasForm(),
        "merge_form": MergeForm(),
    }
    return render(request, "entities/detail.html", context)


@staff_required
@require_POST
def entity_tag_add(request, pk: int):
    entity = entity_for_user_or_404(request.user, pk)
    require_edit_entity(request.user, entity)
    form = TagForm(request.POST)
    if form.is_valid():
        try:
            services.entity_tag_add(entity=entity, **form.cleaned_data)
            messages.success(request, _("已添加标签。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
    else:
        messages.error(request, _("标签信息不完整。"))
    return redirect("entities:detail", pk=entity.pk)


@staff_required
@require_POST
def entity_tag_remove(request, pk: int, tag_pk: int):
    entity = entity_for_user_or_404(request.user, pk)
    require_edit_entity(request.user, entity)
    services.entity_tag_remove(tag=get_object_or_404(EntityTag, pk=tag_pk, entity=entity))
    messages.success(request, _("已删除标签。"))
    return redirect("entities:detail", pk=entity.pk)


@staff_required
@require_POST
def entity_alias_add(request, pk: int):
    entity = entity_for_user_or_404(request.user, pk)
    require_edit_entity(request.user, entity)
    form = AliasForm(request.POST)
    if form.is_valid():
        services.entity_alias_add(entity=entity, name=form.cleaned_data["name"])
        messages.success(request, _("已添加别名。"))
    return redirect("entities:detail", pk=entity.pk)


@staff_required
@require_POST
def entity_merge(request, pk: int):
    keep = entity_for_user_or_404(request.user, pk)
    require_edit_entity(request.user, keep)
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写要合并的主体编号并勾选确认。"))
        return redirect("entities:detail", pk=keep.pk)
    drop = entity_for_user_or_404(request.user, form.cleaned_data["drop"])
    require_edit_entity(request.user, drop)
    try:
        services.entity_merge(keep=keep, drop=drop)
        messages.success(request, _("已将“%(drop)s”合并入本主体。") % {"drop": drop.name})
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return HttpResponseRedirect(reverse("entities:detail", args=[keep.pk]))
