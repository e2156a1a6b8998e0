"""Every back-office page of the demo county as its official opens it right after a data change
(nothing computed, no worker), then again: the server time per page, slowest first.

    python -m benchmarks.pages            # a scratch demo county (about a minute to load)
    ZHICHAN_VAR_DIR=var python -m benchmarks.pages --existing   # the demo already in var/

The pages are those of the permission matrix (tests/test_matrix.py) that the county's official
may open, with the matrix's objects; files and JSON are left out.
"""

import os
import sys
import tempfile
import time


def main() -> None:
    existing = "--existing" in sys.argv
    if not existing:
        os.environ["ZHICHAN_VAR_DIR"] = tempfile.mkdtemp(prefix="zhichan-bench-pages-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhichan.settings")
    os.environ.setdefault("ZHICHAN_DEMO", "1")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from zhichan.accounts.models import User
    from zhichan.lib.stamp import _bump

    if not existing:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0)
        print(f"演示县载入: {time.perf_counter() - started:.0f} s")
    from tests.test_matrix import MATRIX, ROLES, _url

    column = ROLES.index("yidu")
    names = [
        n for n, expected in MATRIX.items() if expected.split()[column] == "200" and not n.startswith("api")
    ]
    urls = sorted({_url(n) for n in names})
    client = Client(SERVER_NAME=settings.ALLOWED_HOSTS[0])
    client.force_login(User.objects.get(username="yidu"))

    def round_of() -> list[tuple[float, str]]:
        timings = []
        for url in urls:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
            if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                timings.append((elapsed, url))
        return sorted(timings, reverse=True)

    round_of()  # imports and first connections, not what a visitor after a change waits for
    cache.clear()
    _bump()  # a data change: every cached figure is stale, and no worker computes ahead
    for label, timings in [("数据变更后首次打开", round_of()), ("再次打开", round_of())]:
        slowest = "，".join(f"{url} {elapsed * 1000:.0f} ms" for elapsed, url in timings[:5])
        print(f"后台页面（宜都市局，{len(timings)} 页）{label}：最慢 {slowest}")


if __name__ == "__main__":
    main()
