"""Saving scopes, starting runs and running warning watches (docs/navigation.md)."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhichan.assets.models import PatentApplicant, PatentKind, PatentStatus
from zhichan.classify.tables import PI_CATEGORIES
from zhichan.jobs.services import job_start
from zhichan.lib.ipc import InvalidIPC
from zhichan.navigation import analysis
from zhichan.navigation.models import Frequency, Run, Scope, Watch, WatchNotice
from zhichan.notices import events
from zhichan.regions.models import Region


def scope_check(scope: Scope) -> None:
    """Refuse a scope that names nothing, or values that are not what they claim to be."""
    try:
        analysis.ipc_prefixes(scope.ipc)
    except InvalidIPC as error:
        raise ValidationError({"ipc": str(error)}) from None
    if any(str(p) not in PI_CATEGORIES for p in scope.pi):
        raise ValidationError({"pi": _("专利密集型产业大类应为 1–7。")})
    if any(k not in PatentKind.values for k in scope.kinds):
        raise ValidationError({"kinds": _("未知的专利类型。")})
    unknown = set(scope.peers) - set(
        Region.objects.filter(code__in=scope.peers).values_list("code", flat=True)
    )
    if unknown:
        raise ValidationError({"peers": _("未知的区划代码：%(c)s。") % {"c": "、".join(sorted(unknown))}})
    if scope.filed_from and scope.filed_to and scope.filed_from > scope.filed_to:
        raise ValidationError({"filed_to": _("申请日止不能早于申请日起。")})
    if not (
        scope.ipc
        or scope.sei
        or scope.pi
        or scope.keywords.strip()
        or scope.applicants.strip()
        or scope.area_id
    ):
        raise ValidationError(_("请至少给出一项范围条件（IPC、产业、关键词、申请人或地域）。"))


def scope_save(scope: Scope) -> Scope:
    scope_check(scope)
    scope.save()
    return scope


def run_create(*, scope: Scope, as_of: date, user=None) -> Run:
    return Run.objects.create(scope=scope, as_of=as_of, criteria=analysis.criteria_of(scope),
                              created_by=user if user is not None and user.is_authenticated else None)  # fmt: skip


@transaction.atomic
def report_start(*, scope: Scope, as_of: date, user=None):
    """A run of the scope as of the date, analysed and reported by the worker."""
    from zhichan.navigation.tasks import navigation_task

    run = run_create(scope=scope, as_of=as_of, user=user)
    job = job_start(task=navigation_task, kind="navigation_report", title=_("专利导航：%(s)s") % {"s": scope.name},
                    params={"run": run.pk}, user=user, region=scope.office)  # fmt: skip
    run.job = job
    run.save(update_fields=["job"])
    return run


# ---------------------------------------------------------------------------------------------
# Warnings (预警)


def _next(day: date, frequency: str) -> date:
    return day + (timedelta(days=7) if frequency == Frequency.WEEKLY else relativedelta(months=1))


def watch_digest(watch: Watch, run: Run, rows: list[analysis.Row]) -> dict:
    """What a watch reports: competitors' filings in the firm's fields, patents that lapsed or
    expired (free to use unless another right covers them) and valid ones expiring within a year,
    and risk notes (competitors' valid patents in the firm's fields; linked overseas warnings)."""
    since = watch.last_run_on or (run.as_of - timedelta(days=90))
    own: set[str] = set()
    mine = set()
    if watch.entity_id:
        links = PatentApplicant.objects.filter(entity_id=watch.entity_id).values_list(
            "patent_id", "patent__main_ipc"
        )
        for patent_id, main in links:
            mine.add(patent_id)
            if main:
                own.add(main[:4])
    in_field = [r for r in rows if r.pk not in mine and (not own or r.subclass in own)]
    filings = sorted(
        r.number
        for r in in_field
        if since < r.filed <= run.as_of or (r.granted and since < r.granted <= run.as_of)
    )
    lapsed = sorted(r.number for r in rows if r.ended and since < r.ended <= run.as_of
                    and r.end_status in (PatentStatus.LAPSED, PatentStatus.EXPIRED))  # fmt: skip
    horizon = run.as_of + timedelta(days=365)
    expiring = sorted(
        r.number
        for r in rows
        if r.status(run.as_of) == PatentStatus.VALID and r.pk not in mine and _expires(r) <= horizon
    )
    competitors_valid = sum(1 for r in in_field if r.status(run.as_of) == PatentStatus.VALID)
    notes = [_("本企业相关技术领域（%(f)s）内他人有效专利 %(n)s 件，产品上市前应做侵权风险排查。")
             % {"f": "、".join(sorted(own)) or _("范围全部"), "n": competitors_valid}]  # fmt: skip
    if watch.entity_id:
        from zhichan.protection.models import RiskWarning

        for warning in RiskWarning.objects.filter(
            targets__entity_id=watch.entity_id, published_on__isnull=False
        ):
            notes.append(_("海外风险预警：%(t)s（%(c)s）") % {"t": warning.title, "c": warning.country})
    return {"filings": filings[:500], "lapsed": lapsed[:500], "expiring": expiring[:500], "notes": notes,
            "since": since.isoformat(), "as_of": run.as_of.isoformat()}  # fmt: skip


def _expires(row: analysis.Row) -> date:
    years = 20 if row.kind == PatentKind.INVENTION else 10 if row.kind == PatentKind.UTILITY else 15
    try:
        return row.filed.replace(year=row.filed.year + years)
    except ValueError:  # 29 February
        return row.filed.replace(year=row.filed.year + years, day=28)


@transaction.atomic
def watch_run(*, watch: Watch, today: date) -> WatchNotice | None:
    """Run a watch now; a notice when something is new since its previous run."""
    run = run_create(scope=watch.scope, as_of=today)
    analysis.freeze(run, run.criteria, _ruleset_id())
    run.patent_count = len(rows := analysis.read(run))
    run.save(update_fields=["patent_count"])
    digest = watch_digest(watch, run, rows)
    before = watch.digest or {}
    new = {
        key: sorted(set(digest[key]) - set(before.get(key, []))) for key in ("filings", "lapsed", "expiring")
    }
    notice = None
    if any(new.values()):
        summary = _("新增他人相关申请/授权 %(f)s 件，新失效 %(l)s 件，一年内到期 %(e)s 件。") % {
            "f": len(new["filings"]), "l": len(new["lapsed"]), "e": len(new["expiring"])}  # fmt: skip
        notice = WatchNotice.objects.create(watch=watch, on=today, summary=summary,
                                            items=new | {"notes": digest["notes"], "run": run.pk})  # fmt: skip
        events.watch_noticed(notice)
    watch.digest, watch.last_run_on = digest, today
    watch.next_on = _next(today, watch.frequency)
    watch.save(update_fields=["digest", "last_run_on", "next_on"])
    return notice


def _ruleset_id() -> int | None:
    from zhichan.classify.engine import default_ruleset

    ruleset = default_ruleset()
    return ruleset.pk if ruleset else None


def watches_due(*, today: date) -> list[WatchNotice]:
    """Run every active watch whose day has come (`zhichan run-watches`, daily from cron)."""
    notices = []
    for watch in Watch.objects.filter(active=True, next_on__lte=today).select_related("scope"):
        # Claim the watch for today first (compare-and-set): a second runner skips it.
        claimed = Watch.objects.filter(pk=watch.pk, next_on=watch.next_on).update(
            next_on=_next(today, watch.frequency)
        )
        if claimed:
            notice = watch_run(watch=watch, today=today)
            if notice is not None:
                notices.append(notice)
    return notices
