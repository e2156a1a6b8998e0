"""Boards, charts and plan progress computed by the worker after a change, before anyone asks.

Every cached figure carries the data stamp (`zhichan/lib/stamp.py`), so a write makes them all
stale at once. Without more, the first official to open the board after an import paid for it:
on 1,000,000 patents a county's board with its charts took 10 s, its 规划目标 a few seconds per
target. The pages note which region's board and plans are being looked at; when the stamp moves,
a background task (one, however many writes follow: it waits a few seconds and is queued once)
recomputes those for today's date, so that the next visitor finds them in the cache.
"""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

log = logging.getLogger(__name__)

VIEWED = "zhichan:warm:viewed"  # "board:<code>:<rule version>" or "plans:<code>" → day last looked at
QUEUED = "zhichan:warm:queued"
KEPT_DAYS = 14  # a page nobody opened for two weeks is no longer kept warm
MOST = 40  # at most this many pages are warmed after a change (the most recently looked at)
DELAY_SECONDS = 5  # writes of one import or form save come together: warm once, after them


def _note(key: str) -> None:
    today = timezone.localdate().isoformat()
    seen = cache.get(VIEWED) or {}
    if seen.get(key) == today:
        return  # one cache write a day per page, not one per visit
    cutoff = (timezone.localdate() - timedelta(days=KEPT_DAYS)).isoformat()
    seen = {k: day for k, day in seen.items() if day >= cutoff} | {key: today}
    cache.set(VIEWED, seen, timeout=KEPT_DAYS * 86400)


def board_viewed(region, ctx) -> None:
    """The board of ``region`` was opened for today (other dates are not kept warm)."""
    if ctx.as_of == timezone.localdate() and ctx.since == ctx.as_of.replace(month=1, day=1):
        _note(f"board:{region.code}:{ctx.ruleset_id or ''}")


def plans_viewed(region) -> None:
    """The plans page was opened by an official of ``region`` (or of the whole installation: None)."""
    _note(f"plans:{region.code if region is not None else ''}")


def schedule(**_kwargs) -> None:
    """After the data stamp moved: queue one warm-up, unless one is queued already."""
    if not cache.get(VIEWED):
        return
    if not cache.add(QUEUED, 1, timeout=600):
        return
    try:
        warm_task.using(run_after=timezone.now() + timedelta(seconds=DELAY_SECONDS)).enqueue()
    except Exception:  # the figures stay right without it; the next visitor computes them
        cache.delete(QUEUED)
        log.exception("could not queue the warm-up of the boards")


def warm() -> dict:
    """Compute the noted pages' figures under the current stamp; returns what it did."""
    from zhichan.classify.models import RuleSet
    from zhichan.monitor import dashboard
    from zhichan.monitor.compute import board_regions, cached_board, context
    from zhichan.monitor.plans import cached_progress, plans_seen_from
    from zhichan.regions.models import Region

    cache.delete(QUEUED)  # a write from now on queues the next run
    seen = cache.get(VIEWED) or {}
    today = timezone.localdate()
    done = {"boards": 0, "targets": 0}
    for key in sorted(seen, key=lambda k: seen[k], reverse=True)[:MOST]:
        kind, code, *rest = key.split(":")
        region = Region.objects.filter(code=code).first() if code else None
        if kind == "board" and region is not None:
            ruleset = RuleSet.objects.filter(pk=rest[0]).first() if rest and rest[0] else None
            ctx = context(today, ruleset=ruleset)
            cached_board(board_regions(region), ctx)
            dashboard.charts(region, ctx)
            done["boards"] += 1
        elif kind == "plans":
            for plan in plans_seen_from(region):
                for target in plan.targets.all():
                    cached_progress(target, today)
                    done["targets"] += 1
    log.info("warmed %(boards)s boards and %(targets)s targets", done)
    return done


@task()
def warm_task() -> dict:
    return warm()
