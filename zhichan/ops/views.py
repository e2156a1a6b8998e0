"""`/health/`: for load balancers and monitoring, without an account and without data: the
database answers, the cache answers, no migration is pending, and how long the oldest queued
background job has waited (a stuck worker shows there). 200 when healthy, 503 otherwise."""

import time

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

STUCK_SECONDS = 15 * 60


@never_cache
def health(request):
    checks: dict = {}
    healthy = True
    started = time.perf_counter()
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"ok": True, "vendor": connections[DEFAULT_DB_ALIAS].vendor,
                              "ms": round((time.perf_counter() - started) * 1000, 1)}  # fmt: skip
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
        checks["migrations"] = {"ok": pending == 0, "pending": pending}
        healthy &= pending == 0
        from zhichan.jobs.models import Job, JobStatus

        oldest = (
            Job.objects.filter(status=JobStatus.QUEUED)
            .order_by("created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        waited = (timezone.now() - oldest).total_seconds() if oldest else 0
        checks["worker"] = {"ok": waited < STUCK_SECONDS, "oldest_queued_seconds": round(waited)}
        healthy &= waited < STUCK_SECONDS
    except Exception as error:  # any database failure is the answer itself
        checks["database"] = {"ok": False, "error": type(error).__name__}
        healthy = False
    try:
        cache.set("zhichan:health", 1, 10)
        checks["cache"] = {"ok": cache.get("zhichan:health") == 1}
    except Exception as error:
        checks["cache"] = {"ok": False, "error": type(error).__name__}
    healthy &= checks["cache"]["ok"]
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )
