"""Load: 50 concurrent users on the indicator board and the lists over a 1,000,000-patent registry
on PostgreSQL, against gunicorn on this machine (issue 11: p95 ≤ 300 ms, no errors).

Three runs: each page alone by one user with wrk (its service time); 50 users with Locust, each
opening a page, reading it for 1–3 s (BENCH_LOAD_THINK_MS) and opening the next — the figure the
issue names; and wrk's 50 connections with no pause at all (the saturation throughput of this
2-core machine, for the record: 50 requests always in flight, far more than 50 people make).

wrk's own think-time hook (`delay`) is not used for the users: against gunicorn's sync workers,
which close the connection after each response, it reported a p95 of 1.5 s for the home page
while gunicorn's access log gave 43 ms and a plain client 47 ms for the same load.

    apt-get install wrk && pip install -e ".[bench]"    # Debian's wrk, Locust
    python -m benchmarks.load    # BENCH_LOAD_DB=postgresql://…/zhichan_load, BENCH_LOAD_SECONDS=60

Builds (or, with BENCH_LOAD_REUSE=1, reuses) the registry of `benchmarks.navigation` (patents
spread over every county and township, a third of the firms in Hubei), signs in a Hubei province
official by a session cookie, starts gunicorn (BENCH_LOAD_WORKERS, default 2 × cores + 1) with the
Redis cache, opens every page once and warms the workers, then measures.
"""

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from importlib import import_module
from pathlib import Path

PAGES = [
    "/monitor/?region=420000",
    "/monitor/?region=420500",
    "/assets/patents/",
    "/assets/patents/?kind=invention&status=valid",
    "/assets/patents/?region=420500&filed_from=2020-01-01",
    "/assets/patents/?page=3",
    "/entities/",
    "/entities/?kind=enterprise&region=420500",
    "/",
]
LUA = """
local paths = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
                 + summary.errors.timeout
  io.write(string.format('{"requests": %%d, "errors": %%d, "p50": %%.1f, "p95": %%.1f, "p99": %%.1f, "rps": %%.1f}\\n',
    summary.requests, errors, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6)))
end
"""


def wrk(base: str, cookie: str, paths: list[str], seconds: int, connections: int = 50) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % ", ".join(json.dumps(p) for p in paths))
    threads = min(2, connections)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", script.name,
                          "-H", f"Cookie: {cookie}", base], capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def locust(base: str, cookie: str, paths: list[str], seconds: int, users: int) -> dict:
    """Locust, headless: ``users`` officials reading pages (benchmarks/locustfile.py)."""
    folder = Path(tempfile.mkdtemp(prefix="zhichan-locust-"))
    env = os.environ | {"BENCH_LOAD_PAGES": json.dumps(paths), "BENCH_LOAD_COOKIE": cookie}
    subprocess.run([str(Path(sys.executable).parent / "locust"), "-f", str(Path(__file__).with_name("locustfile.py")),
                    "--headless", "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s",
                    "--host", base, "--csv", str(folder / "run"), "--only-summary", "--loglevel", "WARNING"],
                   env=env, check=False, capture_output=True)  # fmt: skip
    with (folder / "run_stats.csv").open(encoding="utf-8") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    shutil.rmtree(folder, ignore_errors=True)

    def figures(row: dict) -> dict:
        return {"requests": int(row["Request Count"]), "errors": int(row["Failure Count"]), "p50": float(row["50%"]),
                "p95": float(row["95%"]), "p99": float(row["99%"]), "rps": float(row["Requests/s"])}  # fmt: skip

    total = figures(rows.pop("Aggregated"))
    return total | {"pages": {name: figures(row) for name, row in rows.items()}}


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("需要 wrk：apt-get install wrk")
    if not (Path(sys.executable).parent / "locust").exists():
        sys.exit('需要 Locust：pip install -e ".[bench]"')
    database = os.environ.get("BENCH_LOAD_DB", "postgresql://postgres@127.0.0.1:5432/zhichan_load")
    count = int(os.environ.get("BENCH_LOAD_PATENTS", "1000000"))
    seconds = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
    workers = int(os.environ.get("BENCH_LOAD_WORKERS", str(2 * (os.cpu_count() or 2) + 1)))
    reuse = os.environ.get("BENCH_LOAD_REUSE") == "1"
    import psycopg

    base_url, name = database.rsplit("/", 1)
    with psycopg.connect(f"{base_url}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not (reuse and exists):
            conn.execute(
                f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
            )  # the benchmark's own scratch database
            conn.execute(f'CREATE DATABASE "{name}"')
    var = Path(tempfile.mkdtemp(prefix="zhichan-load-"))
    os.environ.update(ZHICHAN_VAR_DIR=str(var), REDIS_URL="redis://127.0.0.1:6379/7", SECRET_KEY="load-benchmark-only",
                      ALLOWED_HOSTS="127.0.0.1,localhost")  # fmt: skip
    from benchmarks import navigation

    navigation.setup(database)
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.cache import cache

    from zhichan.accounts.models import User
    from zhichan.assets.imports import refresh_statistics
    from zhichan.assets.models import Patent
    from zhichan.regions.models import Region

    if not (reuse and Patent.objects.count() >= count):
        started = time.perf_counter()
        navigation.fill(count)
        refresh_statistics()
        print(f"负载基准数据：{count:,} 件专利，{time.perf_counter() - started:.0f} s")
    cache.clear()
    user, _created = User.objects.get_or_create(
        username="load_hubei", defaults={"region": Region.objects.get(code="420000")}
    )
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY], session[BACKEND_SESSION_KEY] = (
        str(user.pk),
        "django.contrib.auth.backends.ModelBackend",
    )
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    port = 8931
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "zhichan.wsgi", "--bind", f"127.0.0.1:{port}",
                               "--workers", str(workers), "--timeout", "120", "--log-level", "warning"],
                              env=os.environ | {"DATABASE_URL": database})  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        time.sleep(4)
        for path in PAGES:  # one request each first: a cold province board costs seconds
            request = urllib.request.Request(base + path, headers={"Cookie": cookie})
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=600) as response:
                response.read()
            print(f"首次请求 {path}: {(time.perf_counter() - started) * 1000:,.0f} ms")
        warm = wrk(base, cookie, PAGES, 15, connections=8)  # fills the board cache, warms every worker
        print(f"预热：{warm['requests']} 次请求，错误 {warm['errors']}")
        print("单用户（服务时间）：")
        for path in PAGES:
            alone = wrk(base, cookie, [path], 10, connections=1)
            print(f"  {path}: p50 {alone['p50']:.0f} ms，p95 {alone['p95']:.0f} ms，错误 {alone['errors']}")
        think = os.environ.setdefault("BENCH_LOAD_THINK_MS", "1000-3000")
        low, high = (int(v) / 1000 for v in think.split("-"))
        users = locust(base, cookie, PAGES, seconds, users=50)
        print(f"50 位用户（每页阅读 {low:g}–{high:g} s），混合页面 {seconds} s：{users['requests']:,} 次，"
              f"错误 {users['errors']}，p50 {users['p50']:.0f} ms，p95 {users['p95']:.0f} ms，p99 {users['p99']:.0f} ms，"
              f"{users['rps']:.1f} 次/秒（gunicorn {workers} 进程，{os.cpu_count()} 核；目标 p95 ≤ 300 ms）")  # fmt: skip
        for path, row in users["pages"].items():
            print(f"  {path}: p50 {row['p50']:.0f} ms，p95 {row['p95']:.0f} ms，{row['requests']} 次")
        flood = wrk(base, cookie, PAGES, max(15, seconds // 2))
        print(f"饱和（50 连接不停顿）：{flood['rps']:.0f} 次/秒，p50 {flood['p50']:.0f} ms，p95 {flood['p95']:.0f} ms，"
              f"错误 {flood['errors']}")  # fmt: skip
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
