"""Loading work items, recording milestones and progress, finding what is overdue, and the
quarterly 通报 (docs/supervision.md)."""

import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhichan.lib.gongwen import chinese_date
from zhichan.lib.templates import compose, letter_fields
from zhichan.monitor.models import Plan, Target
from zhichan.monitor.rankings import CHINESE_QUARTER, quarter_end
from zhichan.supervision.models import Finding, Inspection, ItemStatus, Milestone, ProgressReport, WorkItem

SEED_ITEMS = Path(__file__).parent / "data" / "workitems.json"


UNITS = re.compile(
    r"牵头单位[：:]\s*(?P<lead>[^，,；;）)]+)(?:[，,；;]\s*责任单位[：:]\s*(?P<units>[^）)]+))?"
)


def units_in(text: str) -> tuple[str, str]:
    """The lead and responsible units a plan's text names for a task ("（牵头单位：市科技局，责任单位：
    市发改委、市经商局）"), or blanks."""
    found = UNITS.search(text or "")
    if found is None:
        return "", ""
    return found["lead"].strip(), (found["units"] or "").strip()


@transaction.atomic
def workitems_load(*, path: Path = SEED_ITEMS) -> int:
    """Add the numbered items of the seed plans (data/workitems.json); items already there keep
    what offices have entered (units, status, milestones, reports). Units the plan's text names
    fill an item's blank ones."""
    data = json.loads(path.read_text(encoding="utf-8"))
    added = 0
    for spec in data["plans"]:
        plan = Plan.objects.filter(region__code=spec["region"], title=spec["plan"]).first()
        if plan is None:
            continue  # the plan itself is loaded by `zhichan load-plans`
        for position, item in enumerate(spec["items"], 1):
            made, created = WorkItem.objects.get_or_create(
                plan=plan, number=item["number"],
                defaults=dict(position=position, heading=item["heading"], text=item["text"], target=item["target"],
                              deadline=plan.ends_on),
            )  # fmt: skip
            added += created
            lead, units = units_in(f"{item['text']} {item['target']}")
            if lead and not made.lead_unit and not made.units:
                WorkItem.objects.filter(pk=made.pk).update(lead_unit=lead[:200], units=units[:500])
    return added


# ---------------------------------------------------------------------------------------------
# Progress from the indicators: an item whose 任务目标 states a target of its plan


def _quoted(quote: str) -> str:
    return quote.strip().rstrip("。；;，,. ")


def linked_targets(item: WorkItem) -> list[Target]:
    """The plan's targets whose sentence the item's 任务目标 (or text) contains."""
    words = f"{item.target} {item.text}"
    return [t for t in item.plan.targets.all() if len(_quoted(t.quote)) >= 4 and _quoted(t.quote) in words]


@dataclass
class Measured:
    """An item's progress computed from its targets: each target's share of the way (a met
    target counts 100 %), and their mean; None where no target has a figure."""

    progress: list
    percent: int | None
    unknown: int = 0  # targets without a share (no baseline or no figure), left out of the mean


def measured(item: WorkItem, as_of: date) -> Measured | None:
    from zhichan.monitor.plans import MET, cached_progress

    targets = linked_targets(item)
    if not targets:
        return None
    found = [cached_progress(t, as_of, forecast_if_cached=True) for t in targets]
    shares = [Decimal(100) if p.verdict == MET else p.share for p in found]
    known = [s for s in shares if s is not None]
    percent = int((sum(known) / len(known)).quantize(Decimal(1), rounding=ROUND_HALF_UP)) if known else None
    return Measured(found, percent, len(shares) - len(known))


def report_add(*, item: WorkItem, year: int, quarter: int, unit: str, text: str, percent: int, problems: str = "",
               user=None) -> ProgressReport:  # fmt: skip
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("季度应为 1–4。")})
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": _("进度应在 0 到 100 之间。")})
    if not unit.strip() or not text.strip():
        raise ValidationError({"text": _("请填写报送单位和进展情况。")})
    report = ProgressReport.objects.create(
        item=item, year=year, quarter=quarter, unit=unit.strip()[:200], text=text.strip(), percent=percent,
        problems=problems.strip()[:500], reported_by=user if user is not None and user.is_authenticated else None,
    )  # fmt: skip
    status = ItemStatus.DONE if percent == 100 else ItemStatus.ACTIVE
    WorkItem.objects.filter(pk=item.pk).exclude(status=ItemStatus.DONE).update(
        status=status, done_on=quarter_end(year, quarter) if status == ItemStatus.DONE else None
    )
    return report


def overdue(items, day: date) -> dict[int, list[str]]:
    """item id → why it is overdue on ``day``: its deadline passed undone, or milestones past due."""
    found: dict[int, list[str]] = {}
    for item in items:
        if item.status != ItemStatus.DONE and item.deadline < day:
            found.setdefault(item.pk, []).append(_("已过完成时限 %(d)s") % {"d": item.deadline})
    late = Milestone.objects.filter(item__in=items, due_on__lt=day, done_on__isnull=True).order_by("due_on")
    for milestone in late:
        found.setdefault(milestone.item_id, []).append(
            _("节点“%(t)s”应于 %(d)s 完成") % {"t": milestone.text, "d": milestone.due_on}
        )
    return found


@dataclass
class Row:
    item: WorkItem
    report: ProgressReport | None
    late: list[str]
    measured: "Measured | None" = None

    @property
    def percent(self) -> str:
        """The item's progress: computed from its targets where it has any, else as reported."""
        if self.measured is not None and self.measured.percent is not None:
            return _("%(p)s%%（按指标）") % {"p": self.measured.percent}
        return f"{self.report.percent}%" if self.report else "—"


def quarter_rows(plan: Plan, year: int, quarter: int) -> list[Row]:
    from django.utils import timezone

    items = list(plan.work_items.all())
    reports = {}
    for report in ProgressReport.objects.filter(item__plan=plan, year=year, quarter=quarter).order_by("pk"):
        reports[report.item_id] = report  # the latest of the quarter
    late = overdue(items, quarter_end(year, quarter))
    as_of = min(quarter_end(year, quarter), timezone.localdate())
    return [Row(item, reports.get(item.pk), late.get(item.pk, []), measured(item, as_of)) for item in items]


def bulletin(plan: Plan, year: int, quarter: int, *, office=None, day: date | None = None) -> bytes:
    """The quarterly 通报 of the plan's tasks as a 公文 (GB/T 9704-2012) from ``office``'s letterhead."""
    from django.utils import timezone

    rows = quarter_rows(plan, year, quarter)
    q = CHINESE_QUARTER[quarter]
    office = office or plan.region
    day = day or timezone.localdate()
    title = _("关于《%(p)s》%(y)s年第%(q)s季度重点任务推进情况的通报") % {"p": plan.title, "y": year, "q": q}
    fields = letter_fields(office, title, day) | {
        "统计日": chinese_date(quarter_end(year, quarter)), "年度": str(year), "季度": q,
    }  # fmt: skip

    def build(doc) -> None:
        done = sum(1 for r in rows if r.item.status == ItemStatus.DONE)
        silent = [r for r in rows if r.report is None and r.item.status != ItemStatus.DONE]
        late = [r for r in rows if r.late]
        doc.paragraph(
            _("《%(p)s》共 %(n)s 项重点任务。截至%(d)s，已完成 %(done)s 项，推进中 %(active)s 项；本季度 %(s)s 项未报送进展，"
              "%(l)s 项逾期。现将有关情况通报如下。")
            % {"p": plan.title, "n": len(rows), "d": chinese_date(quarter_end(year, quarter)), "done": done,
               "active": sum(1 for r in rows if r.item.status == ItemStatus.ACTIVE), "s": len(silent), "l": len(late)}
        )  # fmt: skip
        doc.heading(_("一、任务推进情况"))
        doc.table([_("序号"), _("任务"), _("牵头单位"), _("进度"), _("本季度进展")], [
            [r.item.number, r.item.heading, r.item.lead_unit or "—", r.percent,
             r.report.text if r.report else _("未报送")] for r in rows
        ], widths=[0.8, 3.4, 1.4, 1.7, 2.4])  # fmt: skip
        doc.heading(_("二、逾期事项"))
        if late:
            doc.table([_("序号"), _("任务"), _("牵头单位"), _("情况")],
                      [[r.item.number, r.item.heading, r.item.lead_unit or "—", "；".join(r.late)] for r in late],
                      widths=[0.7, 3.5, 1.8, 3.5])  # fmt: skip
        else:
            doc.paragraph(_("无。"))
        doc.heading(_("三、未报送进展的任务"))
        doc.paragraph(
            "、".join(f"{r.item.number}（{r.item.lead_unit or _('牵头单位未定')}）" for r in silent)
            or _("无。")
        )

    return compose("tasks-bulletin", office, fields, build)


# ---------------------------------------------------------------------------------------------
# 相关单位: units ranked by their tasks; 专项督查 rounds and their findings


def unit_names(item: WorkItem) -> tuple[list[str], list[str]]:
    """(lead units, responsible units) of an item, split where the plan lists several."""

    def split(text: str) -> list[str]:
        return [u.strip() for u in re.split(r"[、，,；;／/\s]+", text or "") if u.strip()]

    lead = split(item.lead_unit)
    return lead, [u for u in split(item.units) if u not in lead]


@dataclass
class UnitRow:
    unit: str
    led: int = 0
    involved: int = 0
    done: int = 0
    late: int = 0
    reported: int = 0
    open_findings: int = 0
    overdue_findings: int = 0
    shares: list = field(default_factory=list)

    @property
    def progress(self) -> int | None:
        return round(sum(self.shares) / len(self.shares)) if self.shares else None


def unit_ranking(plan: Plan, year: int, quarter: int, day: date) -> list[UnitRow]:
    """Each unit named as lead or responsible on the plan's items: how many it leads and shares,
    done, overdue on ``day``, reported this quarter (as the reporting unit), its findings not yet
    put right (and those past their deadline), and the mean progress of the items it leads. Ranked:
    fewest overdue tasks and findings first, then the highest progress, then the most reported."""
    items = list(plan.work_items.all())
    late = overdue(items, day)
    rows: dict[str, UnitRow] = {}
    reports = ProgressReport.objects.filter(item__plan=plan, year=year, quarter=quarter)
    reported = {}
    for report in reports.order_by("pk"):
        reported.setdefault(report.unit, {})[report.item_id] = report.percent
    for item in items:
        lead, others = unit_names(item)
        for unit in lead + others:
            row = rows.setdefault(unit, UnitRow(unit))
            row.led += unit in lead
            row.involved += unit not in lead
            row.done += item.status == ItemStatus.DONE
            row.late += item.pk in late
            if unit in lead:
                share = 100 if item.status == ItemStatus.DONE else reported.get(unit, {}).get(item.pk)
                if share is not None:
                    row.shares.append(share)
    for unit, done in reported.items():
        if unit in rows:
            rows[unit].reported = len(done)
    for finding in Finding.objects.filter(inspection__plan=plan, rectified_on__isnull=True):
        row = rows.setdefault(finding.unit, UnitRow(finding.unit))
        row.open_findings += 1
        row.overdue_findings += finding.rectify_by < day
    return sorted(
        rows.values(),
        key=lambda r: (
            r.late + r.overdue_findings,
            -(r.progress if r.progress is not None else -1),
            -r.reported,
            r.unit,
        ),
    )


def finding_add(
    *, inspection: Inspection, unit: str, problem: str, rectify_by: date, item: WorkItem | None = None
) -> Finding:
    if not unit.strip() or not problem.strip():
        raise ValidationError(_("请填写责任单位和发现的问题。"))
    if rectify_by < inspection.started_on:
        raise ValidationError({"rectify_by": _("整改时限不能早于督查日期。")})
    if item is not None and item.plan_id != inspection.plan_id:
        raise ValidationError(_("任务不属于本规划。"))
    return Finding.objects.create(inspection=inspection, item=item, unit=unit.strip()[:200], problem=problem.strip(),
                                  rectify_by=rectify_by)  # fmt: skip


def finding_rectified(*, finding: Finding, on: date, text: str) -> Finding:
    if not text.strip():
        raise ValidationError({"rectification": _("请写明整改情况。")})
    if on < finding.inspection.started_on:
        raise ValidationError(_("整改完成日期不能早于督查日期。"))
    finding.rectified_on, finding.rectification = on, text.strip()
    finding.save(update_fields=["rectified_on", "rectification"])
    return finding
