"""p95 of the patent list and the drill-down pages over the registry in DATABASE_URL, per scope
(system administrator, a city official, a county official; run by registry.py)."""

import os
import statistics
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhichan.settings")
    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse

    from zhichan.accounts.models import Role, User
    from zhichan.regions.models import Region

    def official(name, code):
        return User.objects.get_or_create(username=name, defaults={"role": Role.OFFICIAL, "region": Region.objects.get(code=code)})[0]  # fmt: skip

    users = {
        "admin": User.objects.get_or_create(
            username="bench_admin", defaults={"is_superuser": True, "is_staff": True}
        )[0],
        "city": official("bench_yichang", "420500"),
        "county": official("bench_yidu", "420581"),
    }
    lists = [
        {},
        {"status": "valid"},
        {"status": "valid", "on": "2024-12-31", "kind": "invention"},
        {"kind": "utility", "filed_from": "2020-01-01", "filed_to": "2022-12-31"},
        {"ipc": "H01M"},
        {"region": "420581100", "status": "lapsed", "on": "2023-06-30"},
        {"q": "一种节能"},
        {"tag": "high_tech"},
        {"status": "valid", "page": "20"},
    ]
    drills = [
        {"indicator": code, "region": "420581", **page}
        for code in ("invention_valid", "invention_granted", "pct_filed", "enterprises_with_patents")
        for page in ({}, {"page": "5"})
    ]
    pages = [(reverse("assets:patents"), params) for params in lists]
    pages += [(reverse("monitor:records"), params) for params in drills]
    for scope, user in users.items():
        client = Client()
        client.force_login(user)
        for url, params in pages:  # warm caches as a running server would have them
            client.get(url, params)
        timings = {"list": [], "drill": []}
        for _round in range(5):
            for url, params in pages:
                started = time.perf_counter()
                response = client.get(url, params)
                kind = "drill" if "indicator" in params else "list"
                timings[kind].append((time.perf_counter() - started) * 1000)
                assert response.status_code in (200, 404), (url, params, response.status_code)
        figures = []
        for kind, label in (("list", "专利列表页"), ("drill", "指标下钻页")):
            found = sorted(timings[kind])
            p95 = found[max(int(len(found) * 0.95) - 1, 0)]
            figures.append(
                f"{label} p95 {p95:.0f} ms（中位数 {statistics.median(found):.0f} ms，最慢 {found[-1]:.0f} ms）"
            )
        print(f"{scope}（{len(lists)} 种列表筛选、{len(drills)} 个下钻页 × 5 轮）: " + "；".join(figures))


if __name__ == "__main__":
    main()
