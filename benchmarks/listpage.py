"""p95 of the filtered patent list page over the registry in DATABASE_URL (run by registry.py)."""

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

    users = {
        "admin": User.objects.get_or_create(
            username="bench_admin", defaults={"is_superuser": True, "is_staff": True}
        )[0],
        "county": User.objects.get_or_create(
            username="bench_yidu",
            defaults={"role": Role.OFFICIAL, "region": Region.objects.get(code="420581")},
        )[0],
    }
    queries = [
        ("admin", {}),
        ("county", {}),
        ("county", {"status": "valid"}),
        ("county", {"status": "valid", "on": "2024-12-31", "kind": "invention"}),
        ("county", {"kind": "utility", "filed_from": "2020-01-01", "filed_to": "2022-12-31"}),
        ("county", {"ipc": "H01M"}),
        ("admin", {"region": "420581100", "status": "lapsed", "on": "2023-06-30"}),
        ("admin", {"q": "一种节能"}),
        ("county", {"tag": "high_tech"}),
        ("county", {"status": "valid", "page": "20"}),
    ]
    clients = {}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    url = reverse("assets:patents")
    for name, params in queries:  # warm caches as a running server would have them
        clients[name].get(url, params)
    timings = []
    for _round in range(5):
        for name, params in queries:
            started = time.perf_counter()
            response = clients[name].get(url, params)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"专利列表页（{len(queries)} 种筛选 × 5 轮）: p95 {p95:.0f} ms，中位数 {statistics.median(timings):.0f} ms，最慢 {timings[-1]:.0f} ms"
    )


if __name__ == "__main__":
    main()
