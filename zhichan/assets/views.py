from datetime import date
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhichan.accounts.access import can_edit_region, entity_for_user_or_404, office_region, user_region
from zhichan.assets import services
from zhichan.assets.access import batches_for_user, patents_for_user, reviews_for_user, rights_for_user
from zhichan.assets.filters import PatentFilter, RightFilter
from zhichan.assets.imports import IMPORTERS
from zhichan.assets.models import (
    EventKind,
    ImportKind,
    Patent,
    PatentAward,
    PatentEvent,
    PatentKind,
    PatentStatus,
    ReviewStatus,
)
from zhichan.assets.profiles import PATENT_FIELDS, PLEDGE_FIELDS, TRADEMARK_FIELDS
from zhichan.assets.services import RIGHT_MODELS
from zhichan.assets.status import right_valid_q
from zhichan.assets.tasks import import_task
from zhichan.classify.services import ipc_titles
from zhichan.entities.models import Entity
from zhichan.jobs.exports import Export, export_response
from zhichan.jobs.services import job_start
from zhichan.lib.export import xlsx_response
from zhichan.lib.forms import StyledForm
from zhichan.lib.uploads import save_upload
from zhichan.lib.views import list_template, paginate, staff_required
from zhichan.regions.forms import UploadForm
from zhichan.regions.models import Region

# ---------------------------------------------------------------------------------------------
# Patents


def _patents(request) -> PatentFilter:
    queryset = (
        patents_for_user(request.user, listing=True).prefetch_related("region").order_by("-filed_on", "-pk")
    )
    return PatentFilter(request.GET, queryset=queryset)


# Lists count matches up to this many; the exact total of a larger set is one click away.
LIST_COUNT_CAP = 5000
TEXT_COUNT_CAP = 1000  # a title search scans rows, not an index: stop sooner


def _status_label(patent: Patent, on: date) -> str:
    value = patent.status_on(on)
    return PatentStatus(value).label if value else _("未申请")


@staff_required
def patent_list(request):
    filterset = _patents(request)
    page = paginate(request, filterset.qs.only(
        "pk", "number", "kind", "title", "filed_on", "granted_on", "ended_on", "end_status", "main_ipc",
        "applicants", "region",
    ), cap=TEXT_COUNT_CAP if request.GET.get("q") else LIST_COUNT_CAP)  # fmt: skip
    on = filterset.on_date() if filterset.is_valid() else timezone.localdate()
    for patent in page:
        patent.status_label = _status_label(patent, on)
    template = list_template(request, "assets/patent_list.html", "assets/_patent_results.html")
    return render(request, template, {"filter": filterset, "page": page, "on": on, **_class_choices()})


def _class_choices() -> dict:
    from zhichan.classify.models import ClassName, Scheme

    names = ClassName.objects.filter(scheme__in=[Scheme.SEI, Scheme.PI]).values_list("scheme", "code", "name")
    sei = sorted(
        ((c, n) for s, c, n in names if s == Scheme.SEI), key=lambda x: [int(p) for p in x[0].split(".")]
    )
    return {"sei_choices": sei, "pi_choices": sorted((c, n) for s, c, n in names if s == Scheme.PI)}


@staff_required
def patent_count(request):
    """The exact number of patents matching the filters (asked for when the list was capped)."""

    return HttpResponse(_("共 %(n)s 件") % {"n": intcomma(_patents(request).qs.count())})


PATENT_EXPORT = [
    "申请号", "专利类型", "名称", "申请日", "公开（公告）号", "公开（公告）日", "授权公告日", "主分类号", "IPC分类号",
    "申请（专利权）人", "第一申请人地址", "区划代码", "区划", "发明人", "PCT申请号", "法律状态", "状态日期", "失效日",
]  # fmt: skip


@staff_required
def patent_export(request, fmt: str):
    return export_response(request, "patents", fmt)


def patent_export_rows(user, params) -> Export:
    filterset = PatentFilter(
        params, queryset=patents_for_user(user).prefetch_related("region").order_by("-filed_on", "-pk")
    )
    on = filterset.on_date() if filterset.is_valid() else timezone.localdate()
    kinds = dict(PatentKind.choices)
    rows = (
        [
            p.number, kinds[p.kind], p.title, p.filed_on, p.publication_number, p.published_on, p.granted_on,
            p.main_ipc, p.ipc_codes, p.applicants, p.address, p.region.code if p.region else "",
            p.region.name if p.region else "", p.inventors, p.pct_number, _status_label(p, on), on,
            p.ended_on if p.ended_on and p.ended_on <= on else None,
        ]
        for p in filterset.qs.iterator(chunk_size=2000)
    )  # fmt: skip
    return Export("专利", PATENT_EXPORT, rows, filterset.qs)


class EventForm(StyledForm, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("事件"), choices=EventKind.choices)
    effective_on = forms.DateField(
        label=gettext_lazy("生效日"), widget=forms.DateInput(attrs={"type": "date"})
    )
    detail = forms.CharField(label=gettext_lazy("说明"), max_length=500, required=False)
    amount = forms.DecimalField(
        label=gettext_lazy("金额（元）"), required=False, min_value=0, max_digits=16, decimal_places=2,
        help_text=gettext_lazy("质押登记填融资金额，转让、许可填合同金额。"),
    )  # fmt: skip


class OnForm(forms.Form):
    on = forms.DateField(required=False)


def timeline(patent: Patent) -> list[dict]:
    """The patent's history, oldest first: dates on the record and events on the register."""
    today = timezone.localdate()
    entries = [{"on": patent.filed_on, "label": _("申请"), "detail": patent.number}]
    if patent.published_on and patent.kind == PatentKind.INVENTION:
        entries.append({"on": patent.published_on, "label": _("公开"), "detail": patent.publication_number})
    if patent.granted_on:
        entries.append(
            {
                "on": patent.granted_on,
                "label": _("授权公告"),
                "detail": patent.grant_number or patent.publication_number,
            }
        )
    for event in patent.events.all():
        entries.append({
            "on": event.effective_on, "label": event.get_kind_display(), "detail": event.detail,
            "estimated": event.date_estimated, "event": True,
        })  # fmt: skip
    if patent.granted_on and patent.expires_on:
        label = _("法定期限届满") if patent.expires_on <= today else _("法定期限届满（预计）")
        entries.append({"on": patent.expires_on, "label": label, "detail": ""})
    entries.sort(key=lambda e: e["on"])
    return entries


def _ipc_with_titles(patent: Patent) -> list[tuple[str, str]]:
    codes = [c for c in patent.ipc_codes.split("; ") if c]
    if patent.kind == PatentKind.DESIGN:
        return [(code, "") for code in codes]  # Locarno classes
    titles = ipc_titles(codes)
    return [(code, titles.get(code, "")) for code in codes]


def _classes(patent: Patent) -> dict | None:
    """The patent's stored classes under the default rule version, with names, for the side panel."""
    from zhichan.classify.engine import CRITERIA, default_ruleset
    from zhichan.classify.models import ClassName, PatentClass, Scheme

    ruleset = default_ruleset()
    row = PatentClass.objects.filter(ruleset=ruleset, patent=patent).first() if ruleset else None
    if row is None:
        return None
    sei = [c for c in row.sei_codes.split("; ") if c]
    names = dict(ClassName.objects.filter(scheme=Scheme.SEI, code__in=sei).values_list("code", "name"))
    return {
        "ruleset": ruleset,
        "sei": [f"{c} {names.get(c, '')}" for c in sei],
        "industries": row.industries,
        "criteria": [str(label) for bit, label in CRITERIA if row.hv_mask & bit],
        "hv_on": row.hv_on,
    }


@staff_required
def patent_detail(request, pk: int):
    patent = patents_for_user(request.user).select_related("region", "first_applicant").filter(pk=pk).first()
    if patent is None:
        # A record kept for analysis (an industry search's row outside an office's area) is
        # public patent data: any official reading a landscape may open it.
        patent = get_object_or_404(Patent.everything.filter(outside=True), pk=pk)
    form = OnForm(request.GET)
    on = (form.cleaned_data.get("on") if form.is_valid() else None) or timezone.localdate()
    context = {
        "patent": patent,
        "place": Region.objects.filter(code=patent.place).first()
        if patent.outside and patent.place
        else None,
        "applicants": patent.applicant_links.select_related("entity"),
        "awards": patent.awards.all(),
        "ipc": _ipc_with_titles(patent),
        "timeline": timeline(patent),
        "on": on,
        "status_on": _status_label(patent, on),
        "status_today": _status_label(patent, timezone.localdate()),
        "can_edit": (patent.region_id is not None and can_edit_region(request.user, patent.region))
        or request.user.is_superuser,
        "event_form": EventForm(),
        "classes": _classes(patent),
    }
    return render(request, "assets/patent_detail.html", context)


@staff_required
@require_POST
def patent_event_add(request, pk: int):
    patent = get_object_or_404(patents_for_user(request.user), pk=pk)
    if not (request.user.is_superuser or (patent.region_id and can_edit_region(request.user, patent.region))):
        raise PermissionDenied(_("无权修改该专利。"))
    form = EventForm(request.POST)
    if form.is_valid():
        try:
            services.patent_event_add(patent=patent, **form.cleaned_data)
            messages.success(request, _("已记录法律事件。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
    else:
        messages.error(request, _("事件信息不完整。"))
    return redirect("assets:patent", pk=patent.pk)


# ---------------------------------------------------------------------------------------------
# Other registries

RIGHT_COLUMNS = {
    ImportKind.TRADEMARKS: [
        ("nice_class", gettext_lazy("类别")),
        ("get_mark_kind_display", gettext_lazy("商标类型")),
    ],
    ImportKind.GIS: [("get_mode_display", gettext_lazy("保护方式")), ("product", gettext_lazy("产品类别"))],
    ImportKind.COPYRIGHTS: [
        ("get_kind_display", gettext_lazy("类型")),
        ("category", gettext_lazy("类别/版本")),
    ],
    ImportKind.VARIETIES: [("genus", gettext_lazy("属或种"))],
    ImportKind.LAYOUTS: [],
    ImportKind.DATAIP: [("registrar", gettext_lazy("登记机构")), ("data_category", gettext_lazy("数据类别"))],
}


def _right_model(kind: str):
    model = RIGHT_MODELS.get(kind)
    if model is None:
        raise Http404(_("没有这类登记。"))
    return model


def _rights(request, kind: str) -> RightFilter:
    model = _right_model(kind)
    queryset = (
        rights_for_user(request.user, model).prefetch_related("region").order_by("-registered_on", "-pk")
    )
    return RightFilter(request.GET, queryset=queryset)


def _cell(obj, attribute: str):
    value = getattr(obj, attribute)
    return value() if callable(value) else value


@staff_required
def right_list(request, kind: str):
    filterset = _rights(request, kind)
    page = paginate(request, filterset.qs)
    columns = RIGHT_COLUMNS[kind]
    for obj in page:
        obj.extra = [_cell(obj, attribute) for attribute, _label in columns]
    template = list_template(request, "assets/right_list.html", "assets/_right_results.html")
    context = {
        "filter": filterset, "page": page, "kind": kind, "kind_label": ImportKind(kind).label,
        "columns": [label for _a, label in columns],
    }  # fmt: skip
    return render(request, template, context)


@staff_required
def right_export(request, kind: str, fmt: str):
    _right_model(kind)  # 404 for an unknown kind
    return export_response(request, "rights", fmt, kind=kind)


def right_export_rows(user, params, kind: str) -> Export:
    model = _right_model(kind)
    queryset = rights_for_user(user, model).select_related("region").order_by("-registered_on", "-pk")
    filterset = RightFilter(params, queryset=queryset)
    columns = RIGHT_COLUMNS[kind]
    header = [
        "登记号",
        "名称",
        "权利人",
        "区划代码",
        "区划",
        "申请日",
        "登记日",
        "有效期至",
        "状态",
        *[str(c[1]) for c in columns],
    ]
    rows = (
        [
            o.number, o.title, o.holders, o.region.code if o.region else "", o.region.name if o.region else "",
            o.filed_on, o.registered_on, o.expires_on, o.get_status_display(), *[_cell(o, a) for a, _l in columns],
        ]
        for o in filterset.qs.iterator(chunk_size=2000)
    )  # fmt: skip
    return Export(str(ImportKind(kind).label), header, rows, filterset.qs)


# ---------------------------------------------------------------------------------------------
# Imports


class ImportForm(UploadForm):
    kind = forms.ChoiceField(label=gettext_lazy("数据类型"), choices=ImportKind.choices)
    field_order = ["kind", "file"]


@staff_required
def import_list(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        path, sha256 = save_upload(upload, kind)
        job = job_start(
            task=import_task,
            kind="assets.import",
            title=_("导入%(kind)s：%(name)s") % {"kind": ImportKind(kind).label, "name": upload.name[:100]},
            params={"kind": kind, "path": str(path), "filename": upload.name, "sha256": sha256},
            user=request.user,
            region=user_region(request.user),
        )
        return redirect("jobs:detail", pk=job.pk)
    page = paginate(request, batches_for_user(request.user).select_related("created_by"))
    return render(request, "assets/imports.html", {"form": form, "page": page})


@staff_required
def batch_detail(request, pk: int):
    batch = get_object_or_404(batches_for_user(request.user).select_related("created_by", "undone_by"), pk=pk)
    return render(request, "assets/batch.html", {"batch": batch, "errors": batch.errors[:1000]})


@staff_required
def batch_errors(request, pk: int):
    """Every row the import refused, as a workbook (the page lists the first thousand)."""
    batch = get_object_or_404(batches_for_user(request.user), pk=pk)
    rows = ([e.get("row"), e.get("column") or "", e.get("message", "")] for e in batch.errors)
    return xlsx_response(_("导入%(pk)s未导入的行") % {"pk": batch.pk}, [_("行号"), _("列"), _("原因")], rows)


@staff_required
@require_POST
def batch_undo(request, pk: int):
    batch = get_object_or_404(batches_for_user(request.user), pk=pk)
    if not request.user.is_superuser and batch.created_by_id != request.user.pk:
        scope = user_region(request.user)
        if batch.region is None or scope is None or not batch.region.prefix.startswith(scope.prefix):
            raise PermissionDenied(_("只能撤销本人或本辖区的导入。"))
    try:
        services.import_undo(batch=batch, user=request.user)
        messages.success(request, _("已撤销导入 #%(pk)s。") % {"pk": batch.pk})
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("assets:batch", pk=batch.pk)


TEMPLATE_NOTES = {
    ImportKind.PATENTS: "每行一件专利。申请号须带校验位（如 202310123456.7，可带“CN”前缀）；多个申请人、IPC 用分号分隔；"
    "法律状态可填：有效、审中、未缴年费终止、期限届满、全部无效、撤回、驳回、权利恢复、转让；状态变化的生效日填在“法律状态生效日”。"
    "也可直接上传国家知识产权局专利检索及分析系统、incoPat、智慧芽导出的原始表格。",
    ImportKind.TRADEMARKS: "每行一个商标注册号与一个国际分类。专用权期限可填“2014-04-14 至 2024-04-13”。也可上传中国商标网查询导出的表格。",
    ImportKind.PLEDGES: "专利权质押登记信息：专利号、出质人、质权人、登记生效日、解除日。专利须已在登记库中。",
}


# Columns only the vendors' exports carry (read when present, left out of our own template).
VENDOR_ONLY = {"doc_kind", "first_published_on", "vendor_province", "vendor_city", "vendor_county", "validity",
               "family_size", "cited_by", "value_score", "license_type"}  # fmt: skip


@staff_required
def import_template(request, kind: str):
    if kind not in IMPORTERS:
        raise Http404(_("没有这类导入。"))
    fields = {
        ImportKind.PATENTS: PATENT_FIELDS,
        ImportKind.TRADEMARKS: TRADEMARK_FIELDS,
        ImportKind.PLEDGES: PLEDGE_FIELDS,
    }
    importer = IMPORTERS[kind]
    header = [
        aliases[0] for field, aliases in (fields.get(kind) or importer.fields).items()
        if field not in VENDOR_ONLY
    ]  # fmt: skip
    required = {importer.fields[f][0] for f in importer.required}
    note = TEMPLATE_NOTES.get(kind, "每行一条登记。登记号、名称、权利人为必填；日期写作 2024-01-31。")
    rows = [
        [
            "说明："
            + note
            + " 必填列："
            + "、".join(h for h in header if h in required)
            + "。（导入前请删除本行）"
        ]
    ]
    return xlsx_response(f"{ImportKind(kind).label}导入模板", header, rows, title="导入模板")


# ---------------------------------------------------------------------------------------------
# Applicant-link review


@staff_required
def review_list(request):
    reviews = reviews_for_user(request.user).filter(status=ReviewStatus.OPEN)
    page = paginate(
        request, reviews.select_related("patent_applicant__patent").prefetch_related("candidates__region")
    )
    return render(request, "assets/reviews.html", {"page": page})


@staff_required
@require_POST
def review_resolve(request, pk: int):
    review = get_object_or_404(reviews_for_user(request.user), pk=pk)
    choice = request.POST.get("entity", "")
    entity = None
    if choice:
        entity = review.candidates.filter(pk=choice).first()
        if entity is None:
            messages.error(request, _("请从候选主体中选择。"))
            return redirect("assets:reviews")
    try:
        services.review_resolve(review=review, entity=entity, user=request.user)
        messages.success(request, _("已处理“%(name)s”。") % {"name": review.name})
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("assets:reviews")


# ---------------------------------------------------------------------------------------------
# 一户一档


@staff_required
def entity_profile(request, pk: int):
    from zhichan.entities import dossier

    entity = entity_for_user_or_404(request.user, pk)
    today = timezone.localdate()
    found = dossier.gather(entity, request.user, today)
    if request.GET.get("format") == "docx":
        region = office_region(request.user)
        response = HttpResponse(
            dossier.document(found, region.name if region is not None else _("知产平台")),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        name = _("%(n)s一户一档.docx") % {"n": entity.name}
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response
    patents = Patent.objects.filter(applicant_links__entity=entity).distinct()
    # order_by(): the model's default ordering would join the grouping and give one row a patent.
    filings = dict(
        patents.order_by()
        .values_list("filed_on__year")
        .annotate(n=Count("pk", distinct=True))
        .values_list("filed_on__year", "n")
    )
    grants = dict(
        patents.filter(granted_on__isnull=False)
        .order_by()
        .values_list("granted_on__year")
        .annotate(n=Count("pk", distinct=True))
        .values_list("granted_on__year", "n")
    )
    years = sorted(set(filings) | set(grants))
    rights = []
    for kind, model in RIGHT_MODELS.items():
        held = model.objects.filter(holder=entity)
        total = held.count()
        if total:
            valid = held.filter(right_valid_q(today)).count()
            rights.append({"kind": kind, "label": ImportKind(kind).label, "total": total, "valid": valid})
    events = (
        PatentEvent.objects.filter(patent__in=patents.values("pk"))
        .filter(kind__in=[EventKind.PLEDGE, EventKind.TRANSFER, EventKind.LICENSE])
        .values("kind")
        .annotate(n=Count("pk"))
    )
    context = {
        "entity": entity,
        "d": found,
        "by_kind": found.patents,
        "years": years,
        "filings": [filings.get(y, 0) for y in years],
        "grants": [grants.get(y, 0) for y in years],
        "rights": rights,
        "operations": {EventKind(e["kind"]).label: e["n"] for e in events},
        "awards": PatentAward.objects.filter(patent__in=patents.values("pk")).select_related("patent"),
        "recent": patents.prefetch_related("region").order_by("-filed_on", "-pk")[:20],
        "first_count": Patent.objects.filter(first_applicant=entity).count(),
        "today": today,
        "merged": Entity.objects.filter(merged_into=entity),
    }
    return render(request, "assets/profile.html", context)


# ---------------------------------------------------------------------------------------------
# 地理标志运用


@staff_required
def gi_overview(request):
    from zhichan.assets import gi

    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationError(_("请选择用标主体名单文件。"))
            added, updated, problems = gi.users_import(user=request.user, upload=upload)
            messages.success(
                request, _("用标主体已导入：新增 %(a)s 家，更新 %(u)s 家。") % {"a": added, "u": updated}
            )
            for problem in problems[:20]:
                messages.warning(request, problem)
            if len(problems) > 20:
                messages.warning(request, _("另有 %(n)s 行未导入。") % {"n": len(problems) - 20})
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("assets:gi")
    today = timezone.localdate()
    rows = gi.overview(request.user, today)
    totals = {"users": sum(len(r.users) for r in rows), "marking": sum(r.marking for r in rows),
              "new": sum(r.new_this_year for r in rows)}  # fmt: skip
    return render(request, "assets/gi.html", {"rows": rows, "totals": totals, "today": today})
