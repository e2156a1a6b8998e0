"""Pages of the classification: tables and rule versions, a patent's classes explained, a
region's figures and the working xlsx for the statistics bureau."""

import re
from collections import Counter

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from zhichan.assets.access import patents_for_user
from zhichan.assets.filters import PatentFilter
from zhichan.assets.models import PatentKind, PatentStatus
from zhichan.assets.status import anniversary, status_on
from zhichan.classify import engine
from zhichan.classify.models import ClassName, ClassTable, PatentClass, RuleSet, Scheme, TableKind
from zhichan.classify.tables import TableError, load_table
from zhichan.classify.tasks import classify_task
from zhichan.jobs.services import job_start
from zhichan.lib.export import safe_cell, workbook_response
from zhichan.lib.forms import StyledForm, styled
from zhichan.lib.uploads import save_upload
from zhichan.lib.views import staff_required


def _ruleset(request) -> RuleSet:
    chosen = request.GET.get("ruleset")
    ruleset = RuleSet.objects.filter(pk=chosen).first() if chosen and chosen.isdecimal() else None
    ruleset = ruleset or engine.default_ruleset()
    if ruleset is None:
        raise PermissionDenied(_("尚无分类规则版本：请系统管理员在“分类口径”页导入参照表。"))
    return ruleset


def waiting(ruleset: RuleSet) -> list[str]:
    """Which figures wait for which table, under this rule version."""
    notes = []
    if ruleset.stale:
        notes.append(
            _("本版本正在全量重新分类（后台任务，见 任务）：完成前高价值、产业类指标显示“无法计算”。")
        )
    if ruleset.ipc_nic_id is None:
        notes.append(_("国民经济行业分类与专利密集型产业（七大类）的专利数：等待导入《国际专利分类与国民经济行业分类参照关系表（2018）》"
                       "（系统管理员在本页“导入参照表”中上传，并选择规则版本“%(r)s”）。") % {"r": ruleset.name})  # fmt: skip
    if ruleset.nic_pi_id is None:
        notes.append(_("专利密集型产业：本版本未指定《知识产权（专利）密集型产业统计分类》。"))
    if ruleset.ipc_sei_id is None:
        notes.append(
            _("战略性新兴产业及高价值条件（1）：本版本未指定《战略性新兴产业分类与国际专利分类参照关系表》。")
        )
    return notes


def _settings_rows(ruleset: RuleSet) -> list[dict]:
    values = engine.thresholds(ruleset)
    return [
        {
            "key": key,
            "label": spec["label"],
            "value": values[key],
            "default": spec["value"],
            "source": spec["source"],
            "own_source": (ruleset.threshold_sources or {}).get(key, ""),
        }
        for key, spec in engine.THRESHOLDS.items()
    ]


def can_set_rules(user) -> bool:
    """Rule versions serve every region of the installation: their thresholds are set by the
    system administrator or by an administrator of the installation's own office (or above it)."""
    from django.conf import settings

    from zhichan.accounts.access import admin_region
    from zhichan.regions.models import Region

    if user.is_superuser:
        return True
    region = admin_region(user)
    home = Region.objects.filter(code=settings.HOME_REGION_CODE).first()
    return region is not None and home is not None and region.contains(home)


def _listed(text: str) -> list[str]:
    return [part for part in re.split(r"[、,，;；\s]+", text or "") if part]


class ThresholdsForm(forms.Form):
    """A rule version's thresholds, each with the basis of a value that differs from the default."""

    def __init__(self, *args, ruleset: RuleSet, **kwargs):
        super().__init__(*args, **kwargs)
        values, sources = engine.thresholds(ruleset), ruleset.threshold_sources or {}
        for key, spec in engine.THRESHOLDS.items():
            default = spec["value"]
            if key == "ipc_scope":
                field = forms.ChoiceField(choices=[("all", _("全部分类号")), ("main", _("仅主分类号"))])
                initial = values[key]
            elif isinstance(default, int):
                field = forms.IntegerField(min_value=1)
                initial = values[key]
            else:
                field = forms.CharField(help_text=_("多个用顿号分隔。"))
                initial = "、".join(values[key])
            field.label, field.initial = spec["label"], initial
            field.help_text = (field.help_text + " " if field.help_text else "") + _("默认：%(d)s。%(s)s") % {
                "d": default if not isinstance(default, list) else "、".join(default), "s": spec["source"],
            }  # fmt: skip
            self.fields[key] = styled(field)
            self.fields[f"{key}__source"] = styled(forms.CharField(
                label=_("本单位设置依据"), required=False, max_length=300, initial=sources.get(key, ""),
                help_text=_("与默认值不同时必填：文件名称、文号或上级口径。"),
            ))  # fmt: skip

    def clean(self):
        data = super().clean()
        self.values, self.sources = {}, {}
        for key, spec in engine.THRESHOLDS.items():
            if key not in data:
                continue
            value = _listed(data[key]) if isinstance(spec["value"], list) else data[key]
            if isinstance(spec["value"], list) and not value:
                self.add_error(key, _("至少填写一项。"))
                continue
            if value == spec["value"]:
                continue  # the default: nothing stored
            source = (data.get(f"{key}__source") or "").strip()
            if not source:
                self.add_error(f"{key}__source", _("与默认值不同，请写明依据。"))
            self.values[key], self.sources[key] = value, source
        return data


@staff_required
def thresholds_edit(request, pk: int):
    """Set a rule version's thresholds; the version is reclassified in the background after."""
    if not can_set_rules(request.user):
        raise PermissionDenied(_("分类口径为全平台共用，只有系统管理员或本级管理部门的管理员可以修改。"))
    ruleset = get_object_or_404(RuleSet, pk=pk)
    form = ThresholdsForm(request.POST or None, ruleset=ruleset)
    if request.method == "POST" and form.is_valid():
        if form.values != (ruleset.thresholds or {}) or form.sources != (ruleset.threshold_sources or {}):
            ruleset.thresholds, ruleset.threshold_sources = form.values, form.sources
            ruleset.save(update_fields=["thresholds", "threshold_sources"])  # a changed value reclassifies
            messages.success(
                request,
                _("已保存“%(r)s”的口径参数；参数有变化时，分类在后台按新口径全量重算。")
                % {"r": ruleset.name},
            )
        return redirect("classify:overview")
    return render(request, "classify/thresholds.html", {"ruleset": ruleset, "form": form})


@staff_required
def overview(request):
    rulesets = RuleSet.objects.select_related("ipc_nic", "nic_pi", "ipc_sei")
    return render(request, "classify/overview.html", {
        "tables": ClassTable.objects.all(),
        "rulesets": [(r, waiting(r), _settings_rows(r)) for r in rulesets],
        "can_recompute": request.user.is_superuser, "table_form": TableForm() if request.user.is_superuser else None,
        "can_set_rules": can_set_rules(request.user),
    })  # fmt: skip


class TableForm(StyledForm, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("参照表"), choices=TableKind.choices)
    file = forms.FileField(label=gettext_lazy("官方文件（.xls、.xlsx 或 .csv）"))
    edition = forms.CharField(label=gettext_lazy("版本"), max_length=40, help_text=gettext_lazy("如 2018。"))
    source = forms.CharField(label=gettext_lazy("来源"), max_length=300,
                             help_text=gettext_lazy("发布机关、文件名称和取得途径。"))  # fmt: skip
    defects = forms.CharField(label=gettext_lazy("已知缺陷"), max_length=500, required=False)
    ruleset = forms.ModelChoiceField(label=gettext_lazy("用于规则版本"), queryset=RuleSet.objects.all(), required=False,
                                     empty_label=gettext_lazy("（暂不指定）"))  # fmt: skip
    replace = forms.BooleanField(
        label=gettext_lazy("替换同一版本（使用它的规则版本将全部重算）"), required=False
    )


@staff_required
@require_POST
def table_upload(request):
    """An official table file as the office receives it, loaded as one edition; the rule versions
    that use it are reclassified in the background. The tables are shared by every region, so
    only the system administrator loads them."""
    if not request.user.is_superuser:
        raise PermissionDenied(_("参照表为全平台共用，只有系统管理员可以导入。"))
    form = TableForm(request.POST, request.FILES)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
        return redirect("classify:overview")
    data = form.cleaned_data
    path, _digest = save_upload(data["file"], "classtable")
    try:
        result = load_table(data["kind"], path, edition=data["edition"].strip(), source=data["source"].strip(),
                            filename=data["file"].name, defects=data["defects"].strip(), user=request.user,
                            replace=data["replace"])  # fmt: skip
    except TableError as error:
        messages.error(request, str(error).replace("--replace", _("“替换同一版本”")))
        return redirect("classify:overview")
    table = result.table
    field = {TableKind.IPC_NIC: "ipc_nic", TableKind.NIC_PI: "nic_pi", TableKind.IPC_SEI: "ipc_sei"}[
        table.kind
    ]
    if data["ruleset"] is not None:
        setattr(data["ruleset"], field, table)
        data["ruleset"].save()
    messages.success(request, _("%(t)s：载入 %(n)s 行。") % {"t": table, "n": result.loaded})
    if result.errors:
        messages.warning(request, _("%(n)s 行未载入：") % {"n": len(result.errors)}
                         + "；".join(_("第%(r)s行 %(m)s") % {"r": r, "m": m} for r, m in result.errors[:10]))  # fmt: skip
    for affected in RuleSet.objects.filter(**{field: table}):
        job_start(task=classify_task, kind="classify", title=_("重算分类：%(r)s") % {"r": affected.name},
                  params={"ruleset": affected.pk}, user=request.user)  # fmt: skip
        messages.info(
            request, _("规则版本“%(r)s”正在后台重算，可在后台任务中查看进度。") % {"r": affected.name}
        )
    return redirect("classify:overview")


@staff_required
@require_POST
def recompute(request, pk: int):
    if not request.user.is_superuser:
        raise PermissionDenied(_("只有系统管理员可以重算分类。"))
    ruleset = get_object_or_404(RuleSet, pk=pk)
    job = job_start(task=classify_task, kind="classify", title=_("重算分类：%(r)s") % {"r": ruleset.name},
                    params={"ruleset": ruleset.pk}, user=request.user)  # fmt: skip
    messages.success(request, _("已开始重算，可在任务页查看进度。"))
    return redirect("jobs:detail", pk=job.pk)


@staff_required
def patent_classes(request, pk: int):
    patent = get_object_or_404(patents_for_user(request.user), pk=pk)
    ruleset = _ruleset(request)
    why = engine.explain(patent, ruleset)
    on = timezone.localdate()
    valid_today = status_on(patent, on) == PatentStatus.VALID
    return render(request, "classify/patent.html", {
        "patent": patent, "ruleset": ruleset, "rulesets": RuleSet.objects.all(), "why": why, "on": on,
        "high_value_today": patent.kind == PatentKind.INVENTION and valid_today and why.hv_on and why.hv_on <= on,
        "valid_today": valid_today, "settings": _settings_rows(ruleset),
    })  # fmt: skip


def _filtered(request) -> PatentFilter:
    queryset = patents_for_user(request.user).prefetch_related("region").order_by("filed_on", "pk")
    return PatentFilter(request.GET, queryset=queryset)


def figures(patents, ruleset: RuleSet, on) -> dict:
    """Counts by class of a set of patents on a day: all patents, valid ones, valid inventions and
    the high-value ones with the criteria they meet."""
    names = {s: dict(ClassName.objects.filter(scheme=s).values_list("code", "name")) for s in Scheme.values}
    rows = PatentClass.objects.filter(ruleset=ruleset, patent__in=patents.values("pk")).values_list(
        "patent__kind", "patent__filed_on", "patent__granted_on", "patent__ended_on",
        "sei_codes", "pi_mask", "hv_mask", "hv_on",
    )  # fmt: skip
    sei_all, sei_valid, pi_all, pi_valid, criteria = Counter(), Counter(), Counter(), Counter(), Counter()
    totals = Counter()
    for kind, filed_on, granted_on, ended_on, sei_codes, pi_mask, hv_mask, hv_on in rows.iterator(
        chunk_size=5000
    ):
        if filed_on > on:
            continue
        valid = granted_on is not None and granted_on <= on and (ended_on is None or ended_on > on)
        totals["patents"] += 1
        totals["valid"] += valid
        codes = sei_codes.split("; ") if sei_codes else []
        for code in codes:
            sei_all[code] += 1
            sei_valid[code] += valid
        for bit in range(7):
            if pi_mask & (1 << bit):
                pi_all[str(bit + 1)] += 1
                pi_valid[str(bit + 1)] += valid
        totals["sei_any"] += bool(codes)
        totals["pi_any"] += bool(pi_mask)
        if kind == PatentKind.INVENTION and valid:
            totals["valid_inventions"] += 1
            if hv_on is not None and hv_on <= on:
                totals["high_value"] += 1
                for bit, _label in engine.CRITERIA:
                    met = (
                        hv_mask & bit
                        if bit != engine.MAINTAINED_BIT
                        else anniversary(filed_on, engine.thresholds(ruleset)["maintained_years"]) < on
                    )
                    criteria[bit] += bool(met)
    sei = [
        {
            "code": code,
            "name": names[Scheme.SEI].get(code, ""),
            "all": sei_all[code],
            "valid": sei_valid[code],
        }
        for code in sorted(names[Scheme.SEI], key=lambda c: [int(x) for x in c.split(".")])
        if "." in code
    ]
    pi = [
        {"code": c, "name": n, "all": pi_all[c], "valid": pi_valid[c]}
        for c, n in sorted(names[Scheme.PI].items())
    ]
    return {"totals": totals, "sei": sei, "pi": pi,
            "criteria": [{"bit": b, "label": label, "count": criteria[b]} for b, label in engine.CRITERIA]}  # fmt: skip


@staff_required
def summary(request):
    filterset = _filtered(request)
    ruleset = _ruleset(request)
    on = filterset.on_date() if filterset.is_valid() else timezone.localdate()
    stored = PatentClass.objects.filter(ruleset=ruleset).count()
    return render(request, "classify/summary.html", {
        "filter": filterset, "ruleset": ruleset, "rulesets": RuleSet.objects.all(), "on": on,
        "figures": figures(filterset.qs, ruleset, on), "waiting": waiting(ruleset), "stored": stored,
        "query": request.GET.urlencode(),
    })  # fmt: skip


EXPORT_HEADER = [
    "申请号", "专利类型", "名称", "申请日", "授权公告日", "法律状态", "第一申请人", "区划代码", "区划", "主分类号",
    "IPC分类号", "国民经济行业代码", "国民经济行业名称", "专利密集型产业", "战略性新兴产业代码", "战略性新兴产业名称",
    "高价值发明专利", "满足的高价值条件", "计为高价值起始日",
]  # fmt: skip


@staff_required
def export(request):
    """The region's patents with their classes, and a sheet stating the rules used."""
    filterset = _filtered(request)
    ruleset = _ruleset(request)
    on = filterset.on_date() if filterset.is_valid() else timezone.localdate()
    names = {s: dict(ClassName.objects.filter(scheme=s).values_list("code", "name")) for s in Scheme.values}
    kinds, statuses = dict(PatentKind.choices), dict(PatentStatus.choices)
    years = engine.thresholds(ruleset)["maintained_years"]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title="专利分类")
    sheet.append(EXPORT_HEADER)
    for patent, c in _with_classes(filterset.qs, ruleset):
        state = status_on(patent, on)
        nic = [x for x in c.industries.split("; ") if x]
        sei = [x for x in c.sei_codes.split("; ") if x]
        pi = [names[Scheme.PI][str(b + 1)] for b in range(7) if c.pi_mask & (1 << b)]
        high = (patent.kind == PatentKind.INVENTION and state == PatentStatus.VALID and c.hv_on is not None
                and c.hv_on <= on)  # fmt: skip
        long = anniversary(patent.filed_on, years) < on
        met = [
            str(label)
            for bit, label in engine.CRITERIA
            if (long if bit == engine.MAINTAINED_BIT else c.hv_mask & bit)
        ]
        sheet.append([safe_cell(v) for v in [
            patent.number, kinds[patent.kind], patent.title, patent.filed_on, patent.granted_on,
            statuses.get(state, ""), patent.applicants.split("; ")[0], patent.region.code if patent.region else "",
            patent.region.name if patent.region else "", patent.main_ipc, patent.ipc_codes, "；".join(nic),
            "；".join(names[Scheme.NIC].get(x, "") for x in nic), "；".join(pi), "；".join(sei),
            "；".join(names[Scheme.SEI].get(x, "") for x in sei), "是" if high else "否",
            "；".join(met) if high else "", c.hv_on,
        ]])  # fmt: skip
    rules = book.create_sheet(title="口径说明")
    rules.append(["项目", "内容"])
    rules.append(["规则版本", ruleset.name])
    rules.append(["状态日期", on])
    rules.append(["导出时间", timezone.localtime().strftime("%Y-%m-%d %H:%M")])
    rules.append(["筛选条件", request.GET.urlencode() or "（无）"])
    for label, table in (("IPC—国民经济行业参照表", ruleset.ipc_nic), ("专利密集型产业统计分类", ruleset.nic_pi),
                         ("战略性新兴产业—IPC参照表", ruleset.ipc_sei)):  # fmt: skip
        rules.append(
            [label, f"{table}；来源：{table.source}；SHA-256 {table.sha256[:16]}…" if table else "（未导入）"]
        )
    for row in _settings_rows(ruleset):
        rules.append([str(row["label"]), f"{row['value']}（{row['source']}）"])
    for note in waiting(ruleset):
        rules.append(["待补数据", note])
    rules.append(
        ["说明", "高价值发明专利：状态日期当日有效的发明专利，且至少满足一项条件（维持年限按申请日起算）。"]
    )
    return workbook_response(book, f"专利分类_{ruleset.name}_{on:%Y%m%d}")


def _with_classes(queryset, ruleset, size: int = 2000):
    """(patent, its classes) in id order, a chunk of patents and one query for their classes at a time."""
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not chunk:
            return
        last = chunk[-1].pk
        classes = {
            c.patent_id: c
            for c in PatentClass.objects.filter(ruleset=ruleset, patent__in=[p.pk for p in chunk])
        }
        for patent in chunk:
            yield patent, classes.get(patent.pk) or PatentClass()
