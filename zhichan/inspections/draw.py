"""The 双随机 draw: a published algorithm that anyone can re-run with the published seed and pools.

Only the Python standard library is used, so this file runs alone:
``python draw.py 复核包.json`` prints the draw (the 复核包 is the JSON that the plan's page exports).

Algorithm (docs/inspections.md):
1. Every target gets the lot ``SHA-256(seed|target|code)`` (UTF-8, hex). Targets are grouped by
   their credit grade ("-" when not graded); in each group, sorted by lot, the first
   ⌈n × ratio⌉ are drawn (ratio from the plan's strata; 0 or missing draws none).
2. The drawn targets, in order of their lots, each receive inspectors: every inspector gets the lot
   ``SHA-256(seed|inspector|target code|badge)``; inspectors are taken in order of their lots,
   skipping those in conflict with the target and those already at the cap
   ⌈drawn × per target ÷ inspectors⌉, until the target has its number; if the cap leaves too
   few, the cap is lifted for that target (still in order of lots, still skipping conflicts).
Input order never matters: pools are sets of codes.
"""

import hashlib
import json
import math
import sys
from collections import Counter, defaultdict
from decimal import ROUND_CEILING, Decimal

UNGRADED = "-"


def lot(seed: str, *parts: str) -> str:
    return hashlib.sha256("|".join((seed, *parts)).encode("utf-8")).hexdigest()


def canonical(targets, inspectors, conflicts, strata, per_target) -> dict:
    return {
        "targets": sorted([str(c), str(n), str(g or UNGRADED)] for c, n, g in targets),
        "inspectors": sorted([str(b), str(n)] for b, n in inspectors),
        "conflicts": sorted([str(b), str(c)] for b, c in conflicts),
        "strata": {str(k): str(Decimal(str(v))) for k, v in sorted(strata.items())},
        "per_target": int(per_target),
    }


def fingerprint(seed: str, pools: dict) -> str:
    """SHA-256 of the seed and the canonical pools: published with the draw; a changed pool changes it."""
    text = json.dumps({"seed": seed, **pools}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class NotEnoughInspectors(ValueError):
    pass


def draw(seed: str, pools: dict) -> list[dict]:
    """[{code, name, grade, lot, inspectors: [[badge, name, lot], …]}, …] in order of lot."""
    groups = defaultdict(list)
    for code, name, grade in pools["targets"]:
        groups[grade].append((lot(seed, "target", code), code, name, grade))
    chosen = []
    for grade in sorted(groups):
        ratio = Decimal(pools["strata"].get(grade, "0"))
        members = sorted(groups[grade])
        count = int((Decimal(len(members)) * ratio).to_integral_value(ROUND_CEILING)) if ratio > 0 else 0
        chosen.extend(members[: min(count, len(members))])
    chosen.sort()
    inspectors = pools["inspectors"]
    per_target = pools["per_target"]
    conflicts = {tuple(pair) for pair in pools["conflicts"]}
    cap = math.ceil(len(chosen) * per_target / len(inspectors)) if inspectors else 0
    load = Counter()
    result = []
    for target_lot, code, name, grade in chosen:
        ranked = sorted((lot(seed, "inspector", code, badge), badge, person) for badge, person in inspectors)
        free = [r for r in ranked if (r[1], code) not in conflicts]
        picked = [r for r in free if load[r[1]] < cap][:per_target]
        if len(picked) < per_target:
            picked = free[:per_target]  # the cap would leave the target short: lifted for it
        picked = [[badge, person, inspector_lot] for inspector_lot, badge, person in picked]
        for badge, _person, _lot in picked:
            load[badge] += 1
        if len(picked) < per_target:
            raise NotEnoughInspectors(f"{code}：可派检查人员不足 {per_target} 名（回避或工作量上限）。")
        result.append({"code": code, "name": name, "grade": grade, "lot": target_lot, "inspectors": picked})
    return result


def main(path: str) -> None:
    package = json.loads(open(path, encoding="utf-8").read())
    pools = {k: package[k] for k in ("targets", "inspectors", "conflicts", "strata", "per_target")}
    print("名录指纹", fingerprint(package["seed"], pools))
    for row in draw(package["seed"], pools):
        people = "、".join(f"{p[1]}（{p[0]}）" for p in row["inspectors"])
        print(row["grade"], row["code"], row["name"], "→", people)


if __name__ == "__main__":
    main(sys.argv[1])
