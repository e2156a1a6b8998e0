"""Supply–demand matching over the registry (run by registry.py after the monitor benchmark, or
alone against DATABASE_URL): the index build over every patent, the latency of demand queries
(p50/p95, with and without filters), and relevance on the labelled set
(benchmarks/data/matching_labelled.json: ten demands × ten relevant patents, and distractors),
as precision@10 within the whole registry and within the labelled patents alone.

The labelled patents are added to the database once (numbers in a range the synthetic
generator never uses); `labelled_load` and `precision_at` are also used by the tests.
"""

import json
import os
import random
import statistics
import time
from datetime import date
from pathlib import Path

LABELLED = Path(__file__).parent / "data" / "matching_labelled.json"


def labelled() -> dict:
    return json.loads(LABELLED.read_text(encoding="utf-8"))


def labelled_load(region=None) -> dict[str, set[int]]:
    """Add the labelled patents (if absent); topic key → ids of its relevant patents."""
    from zhichan.assets.models import Patent, PatentKind
    from zhichan.lib import patentno

    data = labelled()
    relevant: dict[str, set[int]] = {}
    serial = 9_900_000
    rows = [(t["key"], p) for t in data["topics"] for p in t["patents"]] + [
        ("", p) for p in data["distractors"]
    ]
    for key, (title, abstract, ipc) in rows:
        serial += 1
        design = "-" in ipc
        kind = PatentKind.DESIGN if design else PatentKind.INVENTION
        number = patentno.make(f"2021{'3' if design else '1'}{serial:07d}")
        patent, _made = Patent.objects.get_or_create(
            number=number,
            defaults=dict(
                kind=kind, title=title, abstract=abstract, filed_on=date(2021, 3, 1), granted_on=date(2023, 6, 2),
                main_ipc="" if design else ipc, ipc_codes=ipc, applicants="标注集专利权人", region=region,
                expires_on=date(2041, 3, 1), ended_on=date(2041, 3, 1),
            ),
        )  # fmt: skip
        if key:
            relevant.setdefault(key, set()).add(patent.pk)
    return relevant


def labelled_ids() -> list[int]:
    from zhichan.assets.models import Patent

    return list(Patent.objects.filter(applicants="标注集专利权人").values_list("pk", flat=True))


def precision_at(relevant: dict[str, set[int]], k: int = 10, filters=None) -> dict[str, float]:
    """Topic key → precision@k of its demand's results (and "mean")."""
    from zhichan.market.matching import match

    found = {}
    for topic in labelled()["topics"]:
        result = match(topic["demand"]["title"] + "。" + topic["demand"]["text"], filters, k=k)
        ids = [hit.patent.pk for hit in result.hits] if result else []
        found[topic["key"]] = len(set(ids) & relevant[topic["key"]]) / k
    found["mean"] = statistics.fmean(found.values())
    return found


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhichan.settings")
    import django

    django.setup()
    import numpy as np

    from zhichan.assets.models import Patent
    from zhichan.market import matching, search
    from zhichan.regions.models import Region

    relevant = labelled_load()
    started = time.perf_counter()
    built = search.index_build()
    build_seconds = time.perf_counter() - started
    print(
        f"匹配索引构建: {built['documents']:,} 件专利，{built['words']:,} 个词，{build_seconds:.1f} s"
        f"（其中分词 {built['tokenize_seconds']:.1f} s）"
    )
    search.forget()
    rng = random.Random(11)
    demands = [t["demand"]["title"] + "。" + t["demand"]["text"] for t in labelled()["topics"]]
    # More demands like those firms post: sentences of the registry's own words, 6–14 per demand.
    index = search.current()
    started = time.perf_counter()
    matching.match(demands[0])
    print(f"索引首次载入（内存映射）: {(time.perf_counter() - started) * 1000:.0f} ms")
    words = [w for w in index.bm25.vocab_dict if len(w) > 1]
    queries = demands + [
        "我们需要" + "、".join(rng.sample(words, rng.randint(6, 14))) + "方面的技术" for _ in range(190)
    ]
    county = Region.objects.filter(code="420581").first()
    plain, filtered = [], []
    for n, text in enumerate(queries):
        started = time.perf_counter()
        matching.match(text)
        plain.append(time.perf_counter() - started)
        filters = [
            matching.Filters(ipc="H01M"),
            matching.Filters(region=county),
            matching.Filters(holder="enterprise", kinds=("invention",)),
            matching.Filters(status=matching.ANY),
        ][n % 4]
        started = time.perf_counter()
        matching.match(text, filters)
        filtered.append(time.perf_counter() - started)

    def p(values, q):
        return np.percentile(np.asarray(values) * 1000, q)

    print(
        f"需求匹配查询（{len(queries)} 条，每条取前 10）: p50 {p(plain, 50):.0f} ms，p95 {p(plain, 95):.0f} ms；"
        f"带筛选条件 p50 {p(filtered, 50):.0f} ms，p95 {p(filtered, 95):.0f} ms"
    )
    whole = precision_at(relevant)
    print(
        f"相关性（标注集 {len(relevant)} 条需求 × 10 件相关专利，在全部 {Patent.objects.count():,} 件中检索）:"
        f" precision@10 = {whole['mean']:.2f}"
    )
    alone = precision_at(relevant, filters=matching.Filters(within=tuple(labelled_ids())))
    print(f"相关性（仅在标注集 {len(labelled_ids())} 件专利中检索）: precision@10 = {alone['mean']:.2f}")
    print("  各需求: " + "，".join(f"{k} {v:.1f}/{alone[k]:.1f}" for k, v in whole.items() if k != "mean"))


if __name__ == "__main__":
    main()
