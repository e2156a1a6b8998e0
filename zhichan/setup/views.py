"""The office's set-up pages (管理 → 业务设置): one list, form, history and removal for every kind
in `kinds.py`, scoped to the office administrator's region. A record of another region is 404, as
if it did not exist; every change is in the audit trail."""

from decimal import Decimal
from urllib.parse import quote

from auditlog.models import LogEntry
from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichan.accounts.access import admin_region, entities_for_admin, office_region, regions_for_user
from zhichan.accounts.users import admin_required
from zhichan.lib.forms import STALE_MESSAGE, StyledForm, record_version, stale, styled
from zhichan.lib.stamp import data_changed
from zhichan.lib.views import paginate
from zhichan.regions.models import Level
from zhichan.setup.fields import EntitiesField, PatentsField
from zhichan.setup.kinds import BY_SLUG, KINDS, Kind, children_of

# Date fields that open and close a period: the first may not come after the second.
PERIODS = [("opens_on", "closes_on"), ("starts_on", "ends_on"), ("period_from", "period_to"),
           ("valid_from", "valid_to"), ("baseline_on", "deadline")]  # fmt: skip


def _kind(slug: str) -> Kind:
    kind = BY_SLUG.get(slug)
    if kind is None:
        raise Http404(_("没有这类设置。"))
    return kind


def scoped(kind: Kind, user):
    """The kind's records the user's office may see and change."""
    rows = kind.model.objects.all()
    region = admin_region(user)
    if region is not None:
        rows = rows.filter(**{f"{kind.region}__prefix__startswith": region.prefix})
    return rows


def patents_for_admin(user):
    from zhichan.assets.models import Patent

    region = admin_region(user)
    rows = Patent.objects.all()
    return rows if region is None else rows.filter(region__prefix__startswith=region.prefix)


def form_class(kind: Kind, user):
    class Form(StyledForm, forms.ModelForm):
        version = forms.CharField(widget=forms.HiddenInput, required=False)

        class Meta:
            model = kind.model
            fields = list(kind.fields)
            widgets = {
                f.name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
                for f in kind.model._meta.concrete_fields
                if f.get_internal_type() == "DateField"
            }

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for name, make in kind.special.items():
                self.fields[name] = styled(make())
            for name in kind.entities:
                self.fields[name] = styled(_entity_field(kind, name))
                self.fields[name].scope = entities_for_admin(user)
            region = admin_region(user)
            for name, path in kind.limit.items():
                if region is not None:
                    rows = self.fields[name].queryset
                    self.fields[name].queryset = rows.filter(**{f"{path}__prefix__startswith": region.prefix})
            for form_field in self.fields.values():
                if isinstance(form_field, PatentsField):
                    form_field.scope = patents_for_admin(user)
                elif isinstance(form_field, EntitiesField):
                    form_field.scope = entities_for_admin(user)
            if "region" in self.fields:
                self.fields["region"].queryset = (
                    regions_for_user(user).exclude(level=Level.TOWNSHIP).order_by("prefix")
                )
                self.fields["region"].label_from_instance = lambda r: f"{r.code} {r.name}"
                if region is not None:  # an office's records are its region's, never the installation's
                    self.fields["region"].required = True

        def clean(self):
            data = super().clean()
            for first, last in PERIODS:
                if data.get(first) and data.get(last) and data[first] > data[last]:
                    self.add_error(last, _("不能早于“%(f)s”。") % {"f": self.fields[first].label})
            return data

    return Form


def _entity_field(kind: Kind, name: str):
    model_field = kind.model._meta.get_field(name)
    from zhichan.setup.fields import EntityRefField

    return EntityRefField(
        label=model_field.verbose_name,
        required=not model_field.blank,
        help_text=_("填统一社会信用代码或主体全称（本辖区内）。"),
    )


def _cell(record, name: str):
    from zhichan.monitor.indicators import INDICATORS

    value = getattr(record, f"get_{name}_display", None)
    value = value() if value else getattr(record, name)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, Decimal):
        return f"{value.normalize():,f}"  # 500.0000 → 500, 3000000.00 → 3,000,000
    if name == "indicator" and value in INDICATORS:
        return INDICATORS[value].name
    return "—" if value in (None, "") else value


def _table(kind: Kind, rows):
    fields = {f.name: f for f in kind.model._meta.get_fields() if getattr(f, "concrete", False)}
    head = [fields[c].verbose_name for c in kind.columns]
    return head, [(row, [_cell(row, c) for c in kind.columns]) for row in rows]


ACTIONS = {
    LogEntry.Action.CREATE: _("新增"),
    LogEntry.Action.UPDATE: _("修改"),
    LogEntry.Action.DELETE: _("删除"),
}


def _history(record) -> list[dict]:
    """The record's last changes: when, who, what was done and (for an edit) which fields."""
    labels = {f.name: str(f.verbose_name) for f in type(record)._meta.concrete_fields}
    entries = LogEntry.objects.get_for_object(record).select_related("actor").order_by("-timestamp")[:20]
    return [
        {"at": e.timestamp, "actor": e.actor, "action": ACTIONS.get(e.action, ""),
         "fields": [labels.get(n, n) for n in (e.changes_dict or {})] if e.action == LogEntry.Action.UPDATE else []}
        for e in entries
    ]  # fmt: skip


@admin_required
def index(request):
    areas = {}
    for kind in KINDS:
        if kind.parent:
            continue
        areas.setdefault(str(kind.area), []).append(
            {"kind": kind, "count": scoped(kind, request.user).count()}
        )
    return render(request, "setup/index.html", {"areas": areas, "scope": admin_region(request.user)})


@admin_required
def record_list(request, kind: str):
    kind = _kind(kind)
    if kind.parent:
        return redirect("setup:list", kind=kind.parent[0])
    rows = scoped(kind, request.user)
    page = paginate(request, rows if rows.ordered else rows.order_by("pk"))
    head, rows = _table(kind, page)
    return render(request, "setup/list.html", {"kind": kind, "page": page, "head": head, "rows": rows})


def _parent(kind: Kind, request):
    """The record a child kind's new record belongs to, within the office's scope."""
    if not kind.parent:
        return None
    parent_kind = BY_SLUG[kind.parent[0]]
    pk = request.POST.get("parent") or request.GET.get("parent")
    if not str(pk or "").isdecimal():
        raise Http404(_("缺少所属记录。"))
    return parent_kind, get_object_or_404(scoped(parent_kind, request.user), pk=pk)


@admin_required
def record_new(request, kind: str):
    kind = _kind(kind)
    parent = _parent(kind, request)
    Form = form_class(kind, request.user)
    initial = {"region": office_region(request.user)} if kind.own_region else {}
    # The parent is set before validation, so that the record's checks see it (a rule's code is
    # one within its scheme).
    instance = kind.model(**{kind.parent[1]: parent[1]}) if parent is not None else None
    form = Form(request.POST or None, initial=initial, instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            record = form.save()
            data_changed()  # set-up records feed figures (pools, stations, targets): cached boards go
        messages.success(request, _("已新增%(k)s“%(r)s”。") % {"k": kind.label, "r": record})
        if parent is not None:
            return redirect("setup:edit", kind=parent[0].slug, pk=parent[1].pk)
        return redirect("setup:edit", kind=kind.slug, pk=record.pk)
    return render(request, "setup/form.html", {"kind": kind, "form": form, "record": None,
                                               "parent": parent[1] if parent else None,
                                               "parent_kind": parent[0] if parent else None})  # fmt: skip


@admin_required
def record_edit(request, kind: str, pk: int):
    kind = _kind(kind)
    record = get_object_or_404(scoped(kind, request.user), pk=pk)
    Form = form_class(kind, request.user)
    form = Form(request.POST or None, instance=record, initial={"version": record_version(record)})
    status = 200
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if stale(kind.model, record.pk, form.cleaned_data.get("version", "")):
                fresh = kind.model.objects.get(pk=record.pk)
                form = Form(instance=fresh, initial={"version": record_version(fresh)})
                messages.error(request, _(STALE_MESSAGE))
                status = 409
            else:
                form.save()
                data_changed()
                messages.success(request, _("已保存。"))
                return redirect("setup:edit", kind=kind.slug, pk=record.pk)
    children = []
    for child in children_of(kind):
        head, rows = _table(child, child.model.objects.filter(**{child.parent[1]: record}))
        children.append({"kind": child, "head": head, "rows": rows})
    parent_kind = BY_SLUG[kind.parent[0]] if kind.parent else None
    context = {"kind": kind, "form": form, "record": record, "children": children, "history": _history(record),
               "parent_kind": parent_kind, "parent": getattr(record, kind.parent[1]) if kind.parent else None}  # fmt: skip
    return render(request, "setup/form.html", context, status=status)


@admin_required
@require_POST
def record_delete(request, kind: str, pk: int):
    """Remove a record that nothing else refers to; one that is in use stays, and the page says
    what uses it."""
    kind = _kind(kind)
    record = get_object_or_404(scoped(kind, request.user), pk=pk)
    back = ("setup:edit", {"kind": BY_SLUG[kind.parent[0]].slug, "pk": getattr(record, f"{kind.parent[1]}_id")}) \
        if kind.parent else ("setup:list", {"kind": kind.slug})  # fmt: skip
    collector = Collector(using=record._state.db, origin=record)
    try:
        collector.collect([record])
    except (ProtectedError, RestrictedError) as error:
        used = {type(o)._meta.verbose_name for o in error.protected_objects if hasattr(o, "_meta")} if isinstance(
            error, ProtectedError) else set()  # fmt: skip
        messages.error(
            request,
            _("“%(r)s”仍被引用（%(u)s），不能删除。") % {"r": record, "u": "、".join(map(str, used)) or "—"},
        )
        return redirect("setup:edit", kind=kind.slug, pk=record.pk)
    uses = {str(model._meta.verbose_name): len(objs) for model, objs in collector.data.items()
            if model is not kind.model and objs}  # fmt: skip
    if hasattr(record, "uses"):  # references by code rather than by key (an indicator's targets)
        uses |= record.uses()
    for query in collector.fast_deletes:
        count = query.count()
        if count:
            uses[str(query.model._meta.verbose_name)] = (
                uses.get(str(query.model._meta.verbose_name), 0) + count
            )
    if uses:
        listed = "、".join(f"{name} {n} 条" for name, n in uses.items())
        messages.error(
            request, _("“%(r)s”下还有%(u)s，不能删除；请先处理这些记录。") % {"r": record, "u": listed}
        )
        return redirect("setup:edit", kind=kind.slug, pk=record.pk)
    name = str(record)
    with transaction.atomic():
        record.delete()
        data_changed()
    messages.success(request, _("已删除“%(r)s”。") % {"r": name})
    return redirect(back[0], **back[1])


@admin_required
def plan_export(request, pk: int):
    """A plan's targets as a workbook, one row a target (the import reads the same columns)."""
    from zhichan.lib.export import workbook_response
    from zhichan.monitor.workbook import plan_workbook

    plan = get_object_or_404(scoped(BY_SLUG["plans"], request.user), pk=pk)
    return workbook_response(plan_workbook(plan), f"{plan.title}-指标目标")


@admin_required
@require_POST
def plan_import(request, pk: int):
    """Targets from a workbook: rows in error are listed, the others written."""
    from zhichan.lib.tabular import TableError
    from zhichan.monitor.workbook import targets_import

    plan = get_object_or_404(scoped(BY_SLUG["plans"], request.user), pk=pk)
    upload = request.FILES.get("file")
    if upload is None or not upload.name.lower().endswith((".xlsx", ".xls", ".csv")):
        messages.error(request, _("请上传 .xlsx、.xls 或 .csv 文件。"))
        return redirect("setup:edit", kind="plans", pk=plan.pk)
    try:
        report = targets_import(plan=plan, source=upload, filename=upload.name)
    except TableError as error:
        messages.error(request, str(error))
        return redirect("setup:edit", kind="plans", pk=plan.pk)
    summary = _("读取 %(r)s 行：新增 %(c)s 个目标，更新 %(u)s 个，%(e)s 处错误。") % {
        "r": report.rows_read, "c": report.created, "u": report.updated, "e": len(report.errors)}  # fmt: skip
    (messages.warning if report.errors else messages.success)(request, summary)
    for error in report.errors[:50]:
        messages.error(request, str(error))
    return redirect("setup:edit", kind="plans", pk=plan.pk)


@admin_required
def config_export(request):
    """The office's configuration as one workbook (plans, programmes, rankings, 贴息 policies)."""
    from zhichan.lib.export import workbook_response
    from zhichan.setup.config import config_workbook

    region = admin_region(request.user)
    name = region.name if region else _("全部")
    return workbook_response(config_workbook(request.user, region), f"{name}-业务设置")


@admin_required
@require_POST
def config_import(request):
    """A configuration workbook taken as the office's own: every record re-homed to its region."""
    from zhichan.lib.tabular import TableError
    from zhichan.setup.config import config_import as run

    upload = request.FILES.get("file")
    if upload is None or not upload.name.lower().endswith(".xlsx"):
        messages.error(request, _("请上传业务设置导出的 .xlsx 工作簿。"))
        return redirect("setup:index")
    try:
        report = run(user=request.user, source=upload, region=office_region(request.user))
    except TableError as error:
        messages.error(request, str(error))
        return redirect("setup:index")
    summary = _("新增 %(c)s 条，更新 %(u)s 条，%(e)s 处错误。") % {
        "c": report.created, "u": report.updated, "e": len(report.errors)}  # fmt: skip
    (messages.warning if report.errors else messages.success)(request, summary)
    for error in report.errors[:50]:
        messages.error(request, error)
    for kept in report.kept[:50]:
        messages.info(request, kept)
    return redirect("setup:index")


# ---------------------------------------------------------------------------------------------
# 公文 templates


def _template_region(user):
    return admin_region(user) or office_region(user)


@admin_required
def templates(request):
    """The office's 公文 templates: download the shipped or current one, upload its own (checked
    before it is kept), go back to the shipped one."""
    from zhichan.catalog.models import DocumentTemplate
    from zhichan.lib.templates import FIELDS, KINDS, TemplateRefused, check

    region = _template_region(request.user)
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        if kind not in KINDS:
            raise Http404
        if request.POST.get("action") == "revert":
            DocumentTemplate.objects.filter(region=region, kind=kind).delete()
            messages.success(request, _("“%(k)s”已恢复为系统模板。") % {"k": KINDS[kind]})
            return redirect("setup:templates")
        upload = request.FILES.get("file")
        if upload is None or not upload.name.lower().endswith(".docx"):
            messages.error(request, _("请上传 Word 文档（.docx）。"))
            return redirect("setup:templates")
        content = upload.read()
        try:
            check(content)
        except TemplateRefused as error:
            messages.error(request, _("“%(k)s”模板未保存：%(e)s") % {"k": KINDS[kind], "e": error})
            return redirect("setup:templates")
        DocumentTemplate.objects.update_or_create(
            region=region, kind=kind,
            defaults={"content": content, "filename": upload.name[:200], "uploaded_by": request.user},
        )  # fmt: skip
        messages.success(request, _("“%(k)s”已改用本单位模板。") % {"k": KINDS[kind]})
        return redirect("setup:templates")
    own = {t.kind: t for t in DocumentTemplate.objects.filter(region=region).select_related("uploaded_by")}
    rows = [{"kind": kind, "label": label, "own": own.get(kind)} for kind, label in KINDS.items()]
    return render(request, "setup/templates.html", {"rows": rows, "fields": FIELDS.items(), "region": region})


@admin_required
def template_download(request, kind: str, which: str):
    from zhichan.catalog.models import DocumentTemplate
    from zhichan.lib.templates import KINDS, shipped

    if kind not in KINDS or which not in ("current", "shipped"):
        raise Http404
    region = _template_region(request.user)
    own = DocumentTemplate.objects.filter(region=region, kind=kind).first() if which == "current" else None
    content = bytes(own.content) if own is not None else shipped(kind, region)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    name = f"{KINDS[kind]}模板.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
