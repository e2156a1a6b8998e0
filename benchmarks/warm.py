"""The board and 规划目标 pages after a change, over the registry in DATABASE_URL (run by
registry.py after the import): the first visitor's wait with nothing computed, the worker's
warm-up (zhichan/monitor/warm.py), and the visitor's wait after it."""

import os
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhichan.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    from zhichan.accounts.models import Role, User
    from zhichan.lib.stamp import data_changed
    from zhichan.monitor import warm
    from zhichan.monitor.models import Plan
    from zhichan.monitor.plans import plans_load
    from zhichan.regions.models import Region

    if not Plan.objects.exists():
        plans_load()
    user = User.objects.get_or_create(
        username="bench_yidu", defaults={"role": Role.OFFICIAL, "region": Region.objects.get(code="420581")}
    )[0]
    client = Client()
    client.force_login(user)

    def timed(url):
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        return time.perf_counter() - started

    cache.clear()
    cold = {url: timed(url) for url in ("/monitor/", "/monitor/plans/")}
    from django.db import transaction

    with transaction.atomic():
        data_changed()  # what every write does: the cached figures are stale
    started = time.perf_counter()
    done = warm.warm()  # what the worker runs after the change
    warming = time.perf_counter() - started
    after = {url: timed(url) for url in cold}
    print(
        f"宜都市看板（含图表）: 无缓存首次 {cold['/monitor/']:.1f} s；规划目标（{done['targets']} 项目标）: "
        f"无缓存首次 {cold['/monitor/plans/']:.1f} s；变更后后台预计算 {warming:.1f} s，之后访问 看板 "
        f"{after['/monitor/'] * 1000:.0f} ms、规划目标 {after['/monitor/plans/'] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
