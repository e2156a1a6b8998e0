"""The indicator board over a province: every indicator × every county of Hubei as of a date,
uncached and cached, and the first page of a drill-down (run by registry.py after the import).

The imported patents all lie in one county (the synthetic export is a county's); this spreads
them over Hubei's counties and townships by id, and adds BENCH_TRADEMARKS synthetic trademarks
(default 1,500,000) spread the same way, inserted directly — their import is not what is measured.
Runs against DATABASE_URL, a scratch database.
"""

import os
import random
import statistics
import time
from datetime import date, timedelta


def spread(count_trademarks: int) -> None:
    from django.db import connection, transaction

    from zhichan.assets.models import Patent, Trademark
    from zhichan.lib.bulk import insert_rows, reserve_ids
    from zhichan.regions.models import Level, Region

    places = list(
        Region.objects.filter(prefix__startswith="42", level__in=[Level.COUNTY, Level.TOWNSHIP])
        .order_by("code")
        .values_list("pk", flat=True)
    )
    spread_already = Patent.objects.values("region_id").distinct()[:100].count() >= 100
    with transaction.atomic():
        lowest = Patent.objects.order_by("pk").values_list("pk", flat=True).first() or 0
        if not spread_already:  # a second run on the same scratch database keeps the first spread
            with connection.cursor() as cursor:
                # Constants only: patent n goes to place n mod len(places) (a benchmark's own scratch data).
                cursor.execute("CREATE TEMPORARY TABLE bench_place (n integer PRIMARY KEY, region_id bigint)")
                cursor.executemany("INSERT INTO bench_place VALUES (%s, %s)", list(enumerate(places)))
                cursor.execute(
                    "UPDATE assets_patent SET region_id = (SELECT region_id FROM bench_place "
                    "WHERE n = (assets_patent.id - %s) %% %s)",
                    [lowest, len(places)],
                )
                # The class rows carry a copy of the patent's region; enterprises are spread the same way.
                cursor.execute(
                    "UPDATE classify_patentclass SET region_id = "
                    "(SELECT region_id FROM assets_patent WHERE assets_patent.id = classify_patentclass.patent_id)"
                )
                cursor.execute(
                    "UPDATE entities_entity SET region_id = (SELECT region_id FROM bench_place "
                    "WHERE n = entities_entity.id %% %s)",
                    [len(places)],
                )
                cursor.execute("DROP TABLE bench_place")
        have = Trademark.objects.count()
        if have < count_trademarks:
            rng = random.Random(7)
            fields = ["id", "number", "title", "holders", "address", "region", "filed_on", "registered_on",
                      "expires_on", "status", "note", "row_hash", "nice_class", "mark_kind", "is_gi", "madrid",
                      "madrid_number", "well_known", "agency", "created_at", "updated_at"]  # fmt: skip
            ids = reserve_ids(Trademark, count_trademarks - have)
            now = "2026-11-01T00:00:00+00:00"

            def rows():
                for n, pk in enumerate(ids):
                    registered = date(2008, 1, 1) + timedelta(days=rng.randrange(0, 6500))
                    expires = registered + timedelta(days=3652 * rng.choice((1, 1, 2)))
                    yield (pk, str(40_000_000 + n), "商标", "湖北测试有限公司", "", places[n % len(places)],
                           (registered - timedelta(days=300)).isoformat(), registered.isoformat(), expires.isoformat(),
                           "valid", "", "", 1 + n % 45, "ordinary", False, n % 500 == 0, "", False, "", now, now)  # fmt: skip

            insert_rows(Trademark, fields, rows(), prepared=True)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhichan.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    from zhichan.accounts.models import User
    from zhichan.assets.models import Patent, Trademark
    from zhichan.monitor.compute import board, cached_board, context
    from zhichan.monitor.indicators import INDICATORS
    from zhichan.regions.models import Level, Region

    spread(int(os.environ.get("BENCH_TRADEMARKS", "1500000")))
    from zhichan.assets.imports import refresh_statistics

    refresh_statistics()
    counties = list(Region.objects.filter(prefix__startswith="42", level=Level.COUNTY).order_by("code"))
    ctx = context(date(2025, 12, 31))
    cache.clear()
    uncached = []
    for _run in range(3):
        started = time.perf_counter()
        board(counties, ctx)
        uncached.append(time.perf_counter() - started)
    cached_board(counties, ctx)
    hits = []
    for _run in range(20):
        started = time.perf_counter()
        cached_board(counties, ctx)
        hits.append(time.perf_counter() - started)
    user, _made = User.objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)
    busiest = max(counties, key=lambda r: Patent.objects.filter(region__prefix__startswith=r.prefix).count())
    # One request first: the process's first page compiles templates and URL patterns; the
    # figure is about the first page of results, not the first request a process serves.
    client.get("/monitor/records/", {"indicator": "gi_valid", "region": counties[0].code})
    pages = []
    for indicator in ("invention_valid", "trademark_valid", "enterprises_with_patents", "invention_granted"):
        started = time.perf_counter()
        response = client.get(
            "/monitor/records/", {"indicator": indicator, "region": busiest.code, "as_of": "2025-12-31"}
        )
        pages.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    print(
        f"指标总览（{len(INDICATORS)} 项指标 × 湖北 {len(counties)} 个县级区划，截至 {ctx.as_of}；"
        f"专利 {Patent.objects.count():,} 件、商标 {Trademark.objects.count():,} 件）: "
        f"未缓存 {statistics.median(uncached):.2f} s（3 次中位数，最慢 {max(uncached):.2f} s），"
        f"缓存 {statistics.median(hits) * 1000:.1f} ms；"
        f"明细首页（{busiest.name}，4 项指标）最慢 {max(pages) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
