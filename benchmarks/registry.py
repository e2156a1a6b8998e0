"""Registry figures: an incoPat export of about 1,000,000 publications (890,000 applications, one
row per document: a granted invention's A and B rows apart) imported on SQLite and PostgreSQL, its
re-import, the list and drill-down pages per scope, the board after a change — and beside the
import, on the same file, what a user would otherwise run (benchmarks/baseline.py: a pandas
validate-and-write script and DuckDB's raw ingest) with the ratio of CPU, at 100,000 rows and at
1,000,000 (does the cost grow with the rows or faster).

Each backend gets a fresh scratch database; the import runs as the `zhichan import` command does
(two parsing processes + the writing process), timed end to end, with peak memory of the writer and of the largest parser.
BENCH_PATENTS sets the number of applications (default 890,000, about 1,000,000 rows); BENCH_PG_URL the PostgreSQL server
(default postgresql://postgres@127.0.0.1:5432/, database zhichan_bench, dropped and re-created).
"""

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZHICHAN = str(Path(sys.executable).parent / "zhichan")


def run(args: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, check=True, capture_output=True, text=True, cwd=ROOT, **kwargs)


def measured(args: list[str], env: dict) -> tuple[subprocess.CompletedProcess, float, float]:
    """A whole process (and its children): its result, wall seconds and CPU seconds (user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = run(args, env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return result, wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def baselines(data: Path, scratch: str, env: dict) -> dict[str, float]:
    """CPU seconds of the pandas script and of DuckDB's ingest on the file (benchmarks/baseline.py)."""
    found = {}
    for how, suffix in (("pandas", "sqlite3"), ("duckdb", "duckdb")):
        out = Path(scratch) / f"baseline-{data.stem}.{suffix}"
        out.unlink(missing_ok=True)
        try:
            _result, wall, cpu = measured(
                [sys.executable, "-m", "benchmarks.baseline", how, str(data), str(out)], env
            )
        except subprocess.CalledProcessError as error:
            print(f'{how} 基线未运行（{error.stderr.strip().splitlines()[-1]}；pip install -e ".[bench]"）')
            continue
        found[how] = cpu
        print(f"{how} 基线（{data.name}）: CPU {cpu:.1f} s，墙钟 {wall:.1f} s")
        out.unlink(missing_ok=True)
    return found


def compare(label: str, ours: float, found: dict[str, float]) -> None:
    ratios = "，".join(f"{how} 的 {ours / cpu:.1f} 倍" for how, cpu in found.items() if cpu)
    print(f"{label} 导入 CPU {ours:.1f} s" + (f"：{ratios}（目标：pandas 的 3 倍以内）" if ratios else ""))


def growth(scratch: str, base: dict) -> None:
    """The same export at 100,000 applications: does the cost grow with the rows, or faster?"""
    env = base | {"DATABASE_URL": f"sqlite:///{scratch}/growth.sqlite3"}
    fresh(env)
    data = Path(scratch) / "patents-100000.csv"
    run([ZHICHAN, "generate", "--patents", "89000", "--profile", "incopat", "--bad-rows", "0.001",
         "--out", str(data)], env)  # fmt: skip
    found = baselines(data, scratch, env)
    _result, wall, cpu = measured([ZHICHAN, "import", "patents", str(data), "--format", "json"], env)
    print(f"SQLite 约 100,000 行: 墙钟 {wall:.1f} s")
    compare("SQLite 约 100,000 行", cpu, found)


def fresh(env: dict) -> None:
    run([ZHICHAN, "migrate", "-v0"], env)
    run([ZHICHAN, "load_regions"], env)
    run([ZHICHAN, "load_townships", "zhichan/regions/data/townships_42_hubei.csv"], env)


def main(scratch: str) -> None:
    count = int(os.environ.get("BENCH_PATENTS", "890000"))
    base = os.environ | {
        "DJANGO_SETTINGS_MODULE": "zhichan.settings",
        "ZHICHAN_TESTING": "1",
        "ZHICHAN_VAR_DIR": scratch,
        "ALLOWED_HOSTS": "testserver",  # the list benchmark uses the test client
    }
    sqlite_env = base | {"DATABASE_URL": f"sqlite:///{scratch}/registry.sqlite3"}
    fresh(sqlite_env)
    data = Path(scratch) / f"patents-{count}.csv"
    started = time.perf_counter()
    run(
        [
            ZHICHAN,
            "generate",
            "--patents",
            str(count),
            "--profile",
            "incopat",
            "--bad-rows",
            "0.001",
            "--out",
            str(data),
        ],
        sqlite_env,
    )
    size = data.stat().st_size / 1e6
    with open(data, "rb") as handle:
        rows = sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b"")) - 1
    print(
        f"合成专利数据（incoPat 表头，每个文献一行）: {count:,} 件申请，{rows:,} 行，{size:,.0f} MB，"
        f"{time.perf_counter() - started:.1f} s"
    )
    growth(scratch, base)
    found = baselines(data, scratch, sqlite_env)
    backends = [("SQLite", sqlite_env)]
    pg = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/")
    try:
        import psycopg

        with psycopg.connect(pg + "postgres", autocommit=True) as connection:
            connection.execute("DROP DATABASE IF EXISTS zhichan_bench")
            connection.execute("CREATE DATABASE zhichan_bench")
        pg_env = base | {"DATABASE_URL": pg + "zhichan_bench"}
        fresh(pg_env)
        backends.append(("PostgreSQL", pg_env))
    except Exception as error:  # no server: report and go on with SQLite
        print(f"PostgreSQL 不可用，跳过：{error}")
    for label, env in backends:
        result, wall, cpu = measured([ZHICHAN, "import", "patents", str(data), "--format", "json"], env)
        summary = json.loads(result.stdout)
        peak = summary["peak_memory_mb"]
        print(
            f"{label} 导入 {summary['rows_read']:,} 行（新增 {summary['created']:,}，未导入 {summary['rejected']:,}，"
            f"新建主体 {summary['entities_created']:,}，法律事件 {summary['events_added']:,}）: "
            f"{summary['seconds']:.1f} s（整个进程墙钟 {wall:.1f} s），峰值内存 写入进程 {peak['self']:,} MB + "
            f"每个解析进程至多 {peak['children']:,} MB"
        )
        compare(label, cpu, found)
        again = json.loads(run([ZHICHAN, "import", "patents", str(data), "--format", "json"], env).stdout)
        print(f"{label} 再次导入同一文件（未变化 {again['unchanged']:,}）: {again['seconds']:.1f} s")
        out = run([sys.executable, "-m", "benchmarks.listpage"], env).stdout
        print("\n".join(f"{label} {line}" for line in out.strip().splitlines()))
        run([ZHICHAN, "load_tables"], env)
        out = run([sys.executable, "-m", "benchmarks.classify"], env).stdout
        print(f"{label} {out.strip()}")
        out = run([sys.executable, "-m", "benchmarks.monitor"], env).stdout
        print(f"{label} {out.strip()}")
        out = run([sys.executable, "-m", "benchmarks.warm"], env).stdout
        print(f"{label} {out.strip()}")
        out = run([sys.executable, "-m", "benchmarks.matching"], env).stdout
        print("\n".join(f"{label} {line}" for line in out.strip().splitlines()))
