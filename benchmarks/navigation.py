"""专利导航: a full report (analysis of every section, Word, PDF and xlsx) over a 1,000,000-patent
registry with a 50,000-patent scope; the issue's target is ≤ 60 s.

Builds its own scratch database (SQLite in a temporary folder, or BENCH_NAV_DB=postgresql://…,
dropped and re-created) with BENCH_NAV_PATENTS synthetic patents (default 1,000,000) inserted
directly — their import is measured elsewhere. One patent in twenty carries the scope's IPC
(H01M 10/…); a third have two applicants, a pool of 2,000 firms and 50 universities; titles
from a vocabulary of battery and building-material phrases; dates 2005–2026.

    python -m benchmarks.navigation
"""

import os
import random
import tempfile
import time
from datetime import date, timedelta

SCOPE_IPC = "H01M 10/"
OTHER_IPC = ["C04B 11/26", "C04B 28/14", "A23F 3/06", "B65D 81/26", "H01M 4/36", "G06F 16/33", "A61K 36/18"]
WORDS = ["锂离子电池", "正极材料", "固态电解质", "隔膜", "负极", "磷酸铁锂", "钠离子电池", "磷石膏", "石膏板", "胶凝材料",
         "储能系统", "热管理", "回收方法", "制备方法", "复合材料"]  # fmt: skip


def setup(database: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhichan.settings")
    os.environ["ZHICHAN_TESTING"] = "1"
    os.environ["DATABASE_URL"] = database
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill(count: int) -> None:
    from django.db import transaction

    from zhichan.assets.models import Patent, PatentApplicant
    from zhichan.classify.tables import load_shipped
    from zhichan.entities.models import Entity
    from zhichan.lib import patentno
    from zhichan.lib.bulk import insert_rows, reserve_ids
    from zhichan.regions.models import Level, Region
    from zhichan.regions.services import regions_load_townships, regions_load_tree

    regions_load_tree()
    regions_load_townships()
    load_shipped()
    rng = random.Random(39551)
    places = list(
        Region.objects.filter(level__in=[Level.COUNTY, Level.TOWNSHIP]).values_list("pk", flat=True)
    )
    hubei = list(
        Region.objects.filter(prefix__startswith="42", level=Level.TOWNSHIP).values_list("pk", flat=True)
    )
    now = "2026-11-01T00:00:00+00:00"
    with transaction.atomic():
        firm_ids = reserve_ids(Entity, 2050)
        firm_rows = [(pk, f"测试{n:04d}{'大学' if n >= 2000 else '科技有限公司'}", f"测试{n:04d}", "university" if n >= 2000 else "enterprise",
                      rng.choice(hubei if n % 3 == 0 else places), "", "", "", "", now, now) for n, pk in enumerate(firm_ids)]  # fmt: skip
        insert_rows(Entity, ["id", "name", "name_key", "kind", "region", "address", "industry_code", "contact_name",
                             "contact_phone", "created_at", "updated_at"], firm_rows, prepared=True)  # fmt: skip
        patent_ids = reserve_ids(Patent, count)
        links: list[tuple] = []

        def patents():
            for n, pk in enumerate(patent_ids):
                filed = date(2005, 1, 1) + timedelta(days=rng.randrange(0, 7900))
                granted = filed + timedelta(days=rng.randrange(300, 1500)) if rng.random() < 0.6 else None
                granted = granted if granted and granted < date(2026, 11, 1) else None
                ended = (
                    granted + timedelta(days=rng.randrange(400, 4000))
                    if granted and rng.random() < 0.3
                    else None
                )
                main = f"{SCOPE_IPC}{rng.randrange(1, 99):02d}" if n % 20 == 0 else rng.choice(OTHER_IPC)
                holders = rng.sample(firm_rows, 2 if rng.random() < 0.33 else 1)
                for position, holder in enumerate(holders, 1):
                    links.append((pk, position, holder[1], holder[0], granted, ended))
                yield (pk, patentno.make(f"{filed.year}1{n:07d}"), "invention", "一种" + "".join(rng.sample(WORDS, 2)), "", "",
                       filed.isoformat(), "", None, "", granted.isoformat() if granted else None, main, main,
                       "; ".join(h[1] for h in holders), holders[0][0], "", holders[0][4], "", "", "", "",
                       '["US1A"]' if n % 97 == 0 else "[]", (filed.replace(year=filed.year + 20)).isoformat() if filed.day < 29 else None,
                       ended.isoformat() if ended else None, "lapsed" if ended else "", None, "", now, now)  # fmt: skip

        fields = [f.attname.removesuffix("_id") if f.attname.endswith("_id") and f.attname != "id" else f.attname
                  for f in Patent._meta.concrete_fields]  # fmt: skip
        insert_rows(Patent, fields, patents(), prepared=True)
        link_ids = reserve_ids(PatentApplicant, len(links))
        insert_rows(PatentApplicant, ["id", "patent", "position", "name", "entity", "granted_on", "ended_on"],
                    ((i, *row[:4], row[4].isoformat() if row[4] else None, row[5].isoformat() if row[5] else None)
                     for i, row in zip(link_ids, links, strict=True)), prepared=True)  # fmt: skip


def main() -> None:
    count = int(os.environ.get("BENCH_NAV_PATENTS", "1000000"))
    database = (
        os.environ.get("BENCH_NAV_DB") or f"sqlite:///{tempfile.mkdtemp(prefix='zhichan-nav-')}/nav.sqlite3"
    )
    if database.startswith("postgres"):
        import psycopg

        base, name = database.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')  # the benchmark's own scratch database
            conn.execute(f'CREATE DATABASE "{name}"')
    setup(database)
    from django.db import connection

    from zhichan.assets.imports import refresh_statistics
    from zhichan.navigation import analysis
    from zhichan.navigation.models import Scope
    from zhichan.navigation.services import run_create
    from zhichan.navigation.tasks import write_reports
    from zhichan.regions.models import Region

    started = time.perf_counter()
    fill(count)
    refresh_statistics()
    print(f"导航基准数据（{connection.vendor}）：{count:,} 件专利，{time.perf_counter() - started:.0f} s")
    yidu = Region.objects.get(code="420581")
    scope = Scope.objects.create(name="锂离子电池（基准）", office=yidu, home=Region.objects.get(code="420000"), ipc=SCOPE_IPC,
                                 peers=["320000", "440000", "510000"])  # fmt: skip
    timings = []
    for _ in range(2):
        run = run_create(scope=scope, as_of=date(2026, 10, 31))
        started = time.perf_counter()
        analysis.analyse(run)
        analysed = time.perf_counter() - started
        files = write_reports(run)
        total = time.perf_counter() - started
        timings.append(total)
        sizes = ", ".join(f"{item['name'].rsplit('.', 1)[1]} {item['bytes'] / 1024:.0f} KB" for item in files)
        print(
            f"导航报告：范围 {run.patent_count:,} 件，分析 {analysed:.1f} s，连同 Word/PDF/xlsx 共 {total:.1f} s（{sizes}）"
        )
    print(
        f"导航报告（{connection.vendor}，{count:,} 件中 {run.patent_count:,} 件）：最快 {min(timings):.1f} s（目标 ≤ 60 s）"
    )


if __name__ == "__main__":
    main()
