"""Classifying the whole registry in DATABASE_URL from scratch, and a small incremental update
(run by registry.py after the import)."""

import os
import resource
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhichan.settings")
    import django

    django.setup()
    from zhichan.assets.models import Patent
    from zhichan.classify.engine import classify, default_ruleset
    from zhichan.classify.models import PatentClass

    ruleset = default_ruleset()
    PatentClass.objects.filter(ruleset=ruleset).delete()
    started = time.perf_counter()
    count = classify(ruleset)
    elapsed = time.perf_counter() - started
    sei = PatentClass.objects.filter(ruleset=ruleset).exclude(sei_codes="").count()
    flagged = PatentClass.objects.filter(ruleset=ruleset, hv_mask__gt=0).count()
    ids = list(Patent.objects.order_by("?").values_list("pk", flat=True)[:1000])
    again = time.perf_counter()
    classify(ruleset, ids)
    incremental = time.perf_counter() - again
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"全量分类 {count:,} 件（战略性新兴产业 {sei:,} 件，满足高价值条件（不含维持年限） {flagged:,} 件）: "
        f"{elapsed:.1f} s，{count / elapsed:,.0f} 件/秒，峰值内存 {peak:,.0f} MB；增量重算 1,000 件: {incremental:.2f} s"
    )


if __name__ == "__main__":
    main()
