"""Detectors, each returning flags with their evidence (docs/screening.md).

- **Near-duplicates**: the text of each application (title, abstract, 主权项) as a set of character
  3-grams (punctuation and patent boilerplate removed); MinHash LSH (datasketch) proposes pairs,
  the exact Jaccard similarity of the two sets confirms them (≥ ``similarity``); confirmed pairs
  are grouped (connected components) into one flag per group, within or across applicants.
  Character n-grams, not words: rewording by synonyms keeps most 3-grams, and they need no
  dictionary.
- **Bursts**: an applicant's largest number of filings in any 30-day window of the period,
  against its usual rate over the year before; flagged when both the count and the ratio pass.
- **Off-field filings**: an applicant whose filings in the period fall largely outside the IPC
  classes of its own earlier patents.
- **Trademark hoarding**: a holder filing many marks across many Nice classes in the period, or
  the same mark in many classes.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from datasketch import MinHash, MinHashLSH

from zhichan.lib.segment import STOPWORDS

DEFAULTS = {
    "similarity": 0.45,  # Jaccard of character 3-grams (docs/screening.md: how it was chosen)
    "min_chars": 30,  # shorter texts (titles only) are not compared
    "burst_count": 20,  # filings in 30 days
    "burst_ratio": 5.0,  # × the usual 30-day rate of the year before
    "off_field_min": 5,  # off-field filings in the period
    "off_field_share": 0.3,
    "hoard_marks": 30,  # marks filed in the period
    "hoard_classes": 10,  # across this many Nice classes
    "same_mark_classes": 15,  # the same mark in this many classes
}
NUM_PERM = 128
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
_BOILERPLATE = re.compile("|".join(sorted((w for w in STOPWORDS if len(w) > 1), key=len, reverse=True)))


@dataclass
class Found:
    kind: str
    patents: list[int] = field(default_factory=list)  # or trademark ids for hoarding
    entity_id: int | None = None
    names: str = ""
    score: float = 0.0
    evidence: dict = field(default_factory=dict)


def shingles(text: str, n: int = 3) -> set[str]:
    text = _NOISE.sub("", _BOILERPLATE.sub("", text.lower()))
    return {text[i : i + n] for i in range(len(text) - n + 1)}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def near_duplicates(docs: list[tuple[int, str, str]], *, similarity: float, min_chars: int) -> list[Found]:
    """docs: (patent id, applicants, text). One Found per group of near-identical texts."""
    sets, names = {}, {}
    lsh = MinHashLSH(threshold=max(0.1, similarity - 0.1), num_perm=NUM_PERM)  # recall first; Jaccard decides
    for pk, applicants, text in docs:
        grams = shingles(text)
        if len(grams) < min_chars:
            continue
        signature = MinHash(num_perm=NUM_PERM, seed=1)
        signature.update_batch([g.encode("utf-8") for g in grams])
        lsh.insert(pk, signature)
        sets[pk], names[pk] = (grams, signature), applicants
    parent = {pk: pk for pk in sets}

    def root(pk):
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    pairs = []
    for pk, (grams, signature) in sets.items():
        for other in lsh.query(signature):
            if other <= pk:
                continue
            value = jaccard(grams, sets[other][0])
            if value >= similarity:
                pairs.append((pk, other, round(value, 3)))
                parent[root(other)] = root(pk)
    groups = defaultdict(list)
    for a, b, value in pairs:
        groups[root(a)].append((a, b, value))
    found = []
    for members in groups.values():
        patents = sorted({p for a, b, _v in members for p in (a, b)})
        holders = sorted({names[p] for p in patents})
        found.append(Found(
            "near_duplicate", patents, None, "；".join(holders)[:1000], max(v for *_x, v in members),
            {"pairs": [[a, b, v] for a, b, v in sorted(members)], "across_applicants": len(holders) > 1},
        ))  # fmt: skip
    return found


def bursts(
    filings: dict[int, list[date]], start: date, end: date, *, count: int, ratio: float
) -> list[Found]:
    """filings: entity id → filing dates (the period and the year before it)."""
    found = []
    for entity_id, days in filings.items():
        days = sorted(days)
        inside = [d for d in days if start <= d <= end]
        before = [d for d in days if start - timedelta(days=365) <= d < start]
        best, window_start, j = 0, None, 0
        for i, day in enumerate(inside):
            while inside[j] < day - timedelta(days=29):
                j += 1
            if i - j + 1 > best:
                best, window_start = i - j + 1, inside[j]
        usual = len(before) * 30 / 365
        if best >= count and best >= ratio * max(usual, 1):
            found.append(Found("burst", [], entity_id, "", best / max(usual, 1), {
                "window_start": window_start.isoformat(), "window_count": best, "usual_per_30_days": round(usual, 1),
                "period_count": len(inside),
            }))  # fmt: skip
    return found


def off_field(
    history: dict[int, list[tuple[int, str, date]]], start: date, *, minimum: int, share: float
) -> list[Found]:
    """history: entity id → (patent id, IPC class like "C04", filed). Earlier filings set the field."""
    found = []
    for entity_id, rows in history.items():
        earlier = Counter(c for _p, c, d in rows if d < start and c)
        recent = [(p, c) for p, c, d in rows if d >= start and c]
        if sum(earlier.values()) < 5 or not recent:
            continue  # no established field to stray from
        usual = {c for c, n in earlier.items() if n / sum(earlier.values()) >= 0.1}
        away = [(p, c) for p, c in recent if c not in usual]
        if len(away) >= minimum and len(away) / len(recent) >= share:
            found.append(Found("off_field", [p for p, _c in away], entity_id, "", len(away) / len(recent), {
                "usual_classes": sorted(usual), "off_classes": dict(Counter(c for _p, c in away).most_common(10)),
                "off_count": len(away), "period_count": len(recent),
            }))  # fmt: skip
    return found


def hoarding(
    marks: dict[int, list[tuple[int, str, int]]], *, marks_min: int, classes_min: int, same_min: int
) -> list[Found]:
    """marks: holder id → (trademark id, mark, Nice class) filed in the period."""
    found = []
    for entity_id, rows in marks.items():
        classes = {c for _t, _m, c in rows}
        per_mark = defaultdict(set)
        for _t, mark, nice in rows:
            per_mark[mark].add(nice)
        widest = max(per_mark.items(), key=lambda kv: len(kv[1]))
        if (len(rows) >= marks_min and len(classes) >= classes_min) or len(widest[1]) >= same_min:
            found.append(Found("hoarding", [t for t, _m, _c in rows], entity_id, "", len(rows) * len(classes) / 100, {
                "marks": len(rows), "classes": len(classes), "widest_mark": widest[0],
                "widest_classes": sorted(widest[1]),
            }))  # fmt: skip
    return found
