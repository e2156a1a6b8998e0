"""The analyses of a navigation run (GB/T 39551 专利导航: 数据 → 分析), over the patents the run
froze in `RunPatent`.

The scope is selected by one query and its ids written once; the patents and their applicant
rows are then read once each, and every analysis is arithmetic on those rows, so that a 50,000-
patent scope costs a few reads whatever the number of analyses. Each analysis returns plain
data (tables and charts) that the page, the report and the xlsx all render; a chart is
{"key", "title", "categories", "series": [{"name", "data"}]} as in the monitoring reports.
"""

import math
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Count, Q

from zhichan.assets.models import EventKind, Patent, PatentApplicant, PatentAward, PatentEvent, PatentStatus
from zhichan.assets.status import status_on
from zhichan.classify.engine import default_ruleset
from zhichan.classify.models import ClassName, IPCEntry, PatentClass, Scheme
from zhichan.entities.models import EntityKind
from zhichan.lib import ipc, segment
from zhichan.navigation.models import Run, RunPatent, Scope
from zhichan.regions.models import Level, Region, RegionFigure

TOP = 15
STATUS_LABELS = dict(PatentStatus.choices)
ACADEMIC = {EntityKind.UNIVERSITY, EntityKind.INSTITUTE}


# ---------------------------------------------------------------------------------------------
# The scope


def split_words(value: str) -> list[str]:
    return [
        w
        for w in value.replace("；", ";").replace(";", " ").replace("，", " ").replace(",", " ").split()
        if w
    ]


def ipc_prefixes(value: str) -> list[str]:
    """Canonical prefixes: "H01M", "H01M 10/" for a main group, "H01M 10/0525" for a subgroup."""
    found = []
    for part in ipc.split(value):
        text = part.strip()
        if text.endswith("/"):
            found.append(ipc.normalize(text + "00")[:-2])
            continue
        code = ipc.normalize(text)
        found.append(code[:-2] if code.endswith("/00") else code)
    return found


def criteria_of(scope: Scope) -> dict:
    return {
        "ipc": ipc_prefixes(scope.ipc), "sei": list(scope.sei), "pi": [int(p) for p in scope.pi],
        "keywords": split_words(scope.keywords),
        "applicants": [line.strip() for line in scope.applicants.splitlines() if line.strip()],
        "area": scope.area.prefix if scope.area_id else "", "area_name": scope.area.name if scope.area_id else "",
        "filed_from": scope.filed_from.isoformat() if scope.filed_from else "",
        "filed_to": scope.filed_to.isoformat() if scope.filed_to else "", "kinds": list(scope.kinds),
        "home": scope.home.code, "peers": list(scope.peers),
    }  # fmt: skip


def _any(lookups: list[tuple[str, str]]) -> Q:
    q = Q()
    for lookup, value in lookups:
        q |= Q(**{lookup: value})
    return q


def scope_q(criteria: dict, ruleset_id: int | None) -> Q:
    """The patents a scope selects (AND across kinds of criteria, OR within one)."""
    q = Q()
    if criteria["ipc"]:
        q &= _any(
            [("ipc_codes__contains", c) for c in criteria["ipc"]]
            + [("main_ipc__startswith", c) for c in criteria["ipc"]]
        )
    if criteria["keywords"]:
        q &= _any([(f, w) for w in criteria["keywords"] for f in ("title__icontains", "abstract__icontains")])
    if criteria["applicants"]:
        q &= _any([("applicants__icontains", a) for a in criteria["applicants"]])
    if criteria["area"]:
        # Records kept for analysis only (outside the importing office's area) carry no region,
        # only the code their address resolved to.
        codes = Region.objects.filter(prefix__startswith=criteria["area"]).values("code")
        q &= Q(region__prefix__startswith=criteria["area"]) | Q(outside=True, place__in=codes)
    if criteria["filed_from"]:
        q &= Q(filed_on__gte=criteria["filed_from"])
    if criteria["filed_to"]:
        q &= Q(filed_on__lte=criteria["filed_to"])
    if criteria["kinds"]:
        q &= Q(kind__in=criteria["kinds"])
    if (criteria["sei"] or criteria["pi"]) and ruleset_id is not None:
        classes = Q()
        # One bit per first-level industry (1–9) and per patent-intensive category (1–7).
        if criteria["sei"]:
            wanted = [int(code.split(".")[0]) for code in criteria["sei"]]
            classes |= Q(sei_mask__in=[m for m in range(1, 512) if any(m & (1 << (c - 1)) for c in wanted)])
        if criteria["pi"]:
            masks = [m for m in range(1, 128) if any(m & (1 << (p - 1)) for p in criteria["pi"])]
            classes |= Q(pi_mask__in=masks)
        q &= Q(pk__in=PatentClass.objects.filter(classes, ruleset_id=ruleset_id).values("patent_id"))
    return q


@transaction.atomic
def freeze(run: Run, criteria: dict, ruleset_id: int | None) -> int:
    """Write the ids of the scope's patents for the run (its figures count exactly these)."""
    # The registry and the analysis corpus (industry searches' rows outside the office's area).
    ids = Patent.everything.filter(scope_q(criteria, ruleset_id)).order_by().values_list("pk", flat=True)
    batch, count = [], 0
    for pk in ids.iterator(chunk_size=10_000):
        batch.append(RunPatent(run=run, patent_id=pk))
        if len(batch) == 10_000:
            RunPatent.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    RunPatent.objects.bulk_create(batch)
    return count + len(batch)


def scoped(run: Run):
    return Patent.everything.filter(pk__in=RunPatent.objects.filter(run=run).values("patent_id"))


# ---------------------------------------------------------------------------------------------
# Reading the rows once


@dataclass
class Row:
    pk: int
    number: str
    kind: str
    title: str
    filed: date
    granted: date | None
    ended: date | None
    end_status: str
    subclass: str
    group: str
    region: int | None
    family: int
    applicants: list = field(default_factory=list)  # (name, entity id, entity kind)

    # The names status_on reads, so that a row's status follows the registry's one rule.
    filed_on = property(lambda self: self.filed)
    granted_on = property(lambda self: self.granted)
    ended_on = property(lambda self: self.ended)

    def status(self, day: date) -> str | None:
        return status_on(self, day)


def read(run: Run) -> list[Row]:
    rows = {}
    fields = ("pk", "number", "kind", "title", "filed_on", "granted_on", "ended_on", "end_status", "main_ipc",
              "region_id", "family", "place")  # fmt: skip
    placed = dict(Region.objects.values_list("code", "pk"))
    for pk, number, kind, title, filed, granted, ended, end_status, main, region, family, place in (
        scoped(run).values_list(*fields).iterator(chunk_size=10_000)
    ):
        region = region if region is not None else placed.get(place)
        group = main.split("/")[0] if "/" in main else main
        rows[pk] = Row(pk, number, kind, title, filed, granted, ended, end_status or "", main[:4], group, region,
                       len(family or []))  # fmt: skip
    links = (
        PatentApplicant.objects.filter(patent_id__in=RunPatent.objects.filter(run=run).values("patent_id"))
        .order_by("patent_id", "position")
        .values_list("patent_id", "name", "entity_id", "entity__kind")
    )
    for patent_id, name, entity_id, entity_kind in links.iterator(chunk_size=20_000):
        if patent_id in rows:
            rows[patent_id].applicants.append((name, entity_id, entity_kind or ""))
    return list(rows.values())


# ---------------------------------------------------------------------------------------------
# The analyses


def _chart(key: str, title: str, categories: list, series: dict[str, list]) -> dict:
    return {"key": key, "title": title, "categories": [str(c) for c in categories],
            "series": [{"name": name, "data": data} for name, data in series.items()]}  # fmt: skip


def trends(rows: list[Row], as_of: date) -> dict:
    filed, granted = Counter(), Counter()
    by_kind = defaultdict(Counter)
    for r in rows:
        filed[r.filed.year] += 1
        by_kind[r.kind][r.filed.year] += 1
        if r.granted is not None and r.granted <= as_of:
            granted[r.granted.year] += 1
    years = list(range(min(filed, default=as_of.year), as_of.year + 1)) if filed else []
    table = [
        [y, filed[y], granted[y], *(by_kind[k][y] for k in ("invention", "utility", "design"))] for y in years
    ]
    growth = None
    recent = [filed[y] for y in years[-5:-2]]  # the last two years are incomplete (publication lag)
    if len(recent) == 3 and recent[0]:
        growth = round(((recent[-1] / recent[0]) ** 0.5 - 1) * 100, 1)
    return {
        "header": ["年份", "申请量", "授权量", "发明", "实用新型", "外观设计"], "table": table, "growth": growth,
        "chart": _chart("trend", "专利申请与授权趋势（件）", years,
                        {"申请量": [filed[y] for y in years], "授权量": [granted[y] for y in years]}),
    }  # fmt: skip


def applicants(rows: list[Row], as_of: date) -> dict:
    count, invention, valid = Counter(), Counter(), Counter()
    years = defaultdict(Counter)
    kinds = {}
    for r in rows:
        for name, _entity, kind in r.applicants:
            count[name] += 1
            invention[name] += r.kind == "invention"
            valid[name] += r.status(as_of) == PatentStatus.VALID
            years[name][r.filed.year] += 1
            kinds[name] = kind
    top = count.most_common(TOP)
    span = sorted({y for name, _n in top[:5] for y in years[name]})[-10:]
    total = len(rows) or 1
    share_top = round(sum(n for _name, n in top[:10]) / total * 100, 1) if rows else 0
    return {
        "header": ["申请人", "类型", "专利数", "发明", "有效", "近三年申请"],
        "table": [[name, str(EntityKind(kinds[name]).label) if kinds[name] else "", n, invention[name], valid[name],
                   sum(years[name][y] for y in range(as_of.year - 2, as_of.year + 1))] for name, n in top],
        "top10_share": share_top,
        "chart": _chart("trend", "主要申请人年度申请趋势（件）", span, {name: [years[name][y] for y in span] for name, _n in top[:5]}),
    }  # fmt: skip


def technology(rows: list[Row], as_of: date, ruleset_id: int | None, run: Run) -> dict:
    subclass = Counter(r.subclass for r in rows if r.subclass)
    years = sorted({r.filed.year for r in rows})
    middle = years[len(years) // 2] if years else as_of.year
    early = Counter(r.subclass for r in rows if r.filed.year < middle)
    late = Counter(r.subclass for r in rows if r.filed.year >= middle)
    top = [code for code, _n in subclass.most_common(TOP)]
    titles = dict(IPCEntry.objects.filter(code__in=top).values_list("code", "title")) if top else {}
    e_total, l_total = sum(early.values()) or 1, sum(late.values()) or 1
    table = [[code, titles.get(code, ""), subclass[code], round(early[code] / e_total * 100, 1),
              round(late[code] / l_total * 100, 1)] for code in top]  # fmt: skip
    industries = Counter()
    if ruleset_id is not None:
        names = dict(ClassName.objects.filter(scheme=Scheme.SEI).values_list("code", "name"))
        classes = PatentClass.objects.filter(
            ruleset_id=ruleset_id, patent_id__in=RunPatent.objects.filter(run=run).values("patent_id")
        )
        for codes in (
            classes.exclude(sei_codes="").values_list("sei_codes", flat=True).iterator(chunk_size=20_000)
        ):
            for code in {c.strip().split(".")[0] for c in codes.split(";") if c.strip()}:
                industries[code] += 1
        industry_rows = [[code, names.get(code, ""), n] for code, n in industries.most_common(TOP)]
    else:
        industry_rows = []
    return {
        "header": ["IPC 小类", "含义", "专利数", f"{middle}年前占比%", f"{middle}年起占比%"], "table": table, "middle": middle,
        "industry_header": ["战略性新兴产业", "名称", "专利数"], "industries": industry_rows,
        "chart": _chart("bar", "技术构成（IPC 小类，件）", top[:10], {"专利数": [subclass[c] for c in top[:10]]}),
    }  # fmt: skip


def geography(rows: list[Row], criteria: dict) -> dict:
    regions = dict(Region.objects.values_list("pk", "code"))
    provinces = dict(Region.objects.filter(level=Level.PROVINCE).values_list("code", "name"))
    cities = dict(Region.objects.filter(level=Level.CITY).values_list("code", "name"))
    province, city = Counter(), Counter()
    for r in rows:
        code = regions.get(r.region, "")
        province[code[:2] if code else ""] += 1
        if code:
            city[code[:4]] += 1
    home = Region.objects.get(code=criteria["home"])
    in_home = sum(1 for r in rows if regions.get(r.region, "").startswith(home.prefix))
    total = len(rows)
    return {
        "header": ["省份", "专利数", "占比%"],
        "table": [[provinces.get(f"{p}0000", "未定位") if p else "未定位", n, round(n / (total or 1) * 100, 1)]
                  for p, n in province.most_common(TOP)],
        "cities": [[cities.get(f"{c}00", c), n] for c, n in city.most_common(TOP)],
        "home": home.name, "home_count": in_home, "home_share": round(in_home / (total or 1) * 100, 2),
        "chart": _chart("bar", "地域分布（省份，件）", [provinces.get(f"{p}0000", "未定位") for p, _n in province.most_common(10)],
                        {"专利数": [n for _p, n in province.most_common(10)]}),
    }  # fmt: skip


def legal(rows: list[Row], as_of: date) -> dict:
    status = Counter(r.status(as_of) for r in rows)
    status.pop(None, None)
    lifetimes = defaultdict(list)
    for r in rows:
        if r.ended is not None and r.ended <= as_of and r.granted is not None:
            lifetimes[r.kind].append((r.ended - r.filed).days / 365.25)
    buckets = [(0, 3), (3, 5), (5, 10), (10, 21)]
    life_rows = []
    for kind, label in (("invention", "发明"), ("utility", "实用新型"), ("design", "外观设计")):
        values = lifetimes[kind]
        life_rows.append([label, len(values), round(sum(values) / len(values), 1) if values else None,
                          *(sum(1 for v in values if lo <= v < hi) for lo, hi in buckets)])  # fmt: skip
    order = [s for s in PatentStatus.values if status[s]]
    return {
        "header": ["法律状态", "专利数", "占比%"],
        "table": [[str(STATUS_LABELS[s]), status[s], round(status[s] / (len(rows) or 1) * 100, 1)] for s in order],
        "counts": {s: status[s] for s in order},
        "life_header": ["类型", "已失效（授权后）", "平均寿命（年）", "<3年", "3–5年", "5–10年", "≥10年"], "lifetimes": life_rows,
        "chart": _chart("bar", "法律状态（件）", [str(STATUS_LABELS[s]) for s in order], {"专利数": [status[s] for s in order]}),
    }  # fmt: skip


def network(rows: list[Row]) -> dict:
    pairs, degree = Counter(), Counter()
    academic = Counter()
    academic_patents = 0
    kinds = {}
    for r in rows:
        names = []
        for name, _entity, kind in r.applicants:
            if name not in names:
                names.append(name)
                kinds[name] = kind
        held = {kinds[name] for name in names}
        academic_patents += bool(held & ACADEMIC and EntityKind.ENTERPRISE in held)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                pair = tuple(sorted((a, b)))
                pairs[pair] += 1
                if {kinds[a], kinds[b]} & ACADEMIC and EntityKind.ENTERPRISE in {kinds[a], kinds[b]}:
                    academic[pair] += 1
        for name in names if len(names) > 1 else []:
            degree[name] += 1
    return {
        "header": ["申请人甲", "申请人乙", "合作专利数"],
        "table": [[a, b, n] for (a, b), n in pairs.most_common(TOP)],
        "pairs": len(pairs), "joint": sum(1 for r in rows if len({a[0] for a in r.applicants}) > 1),
        "academic_header": ["院校/院所", "企业", "合作专利数"],
        "academic": [[a, b, n] if kinds[a] in ACADEMIC else [b, a, n] for (a, b), n in academic.most_common(TOP)],
        "academic_patents": academic_patents,
        "nodes": [[name, n] for name, n in degree.most_common(30)],
    }  # fmt: skip


def position(rows: list[Row], criteria: dict, as_of: date) -> dict:
    """The home region against its peers. A peer that contains the home region (its city) or lies
    in it (one of its townships) is shown but not ranked with it: a region is never ranked with
    its own ancestor, whose count includes its own."""
    regions = dict(Region.objects.values_list("pk", "prefix"))
    codes = [criteria["home"], *criteria["peers"]]
    places = {r.code: r for r in Region.objects.filter(code__in=codes)}
    home = places.get(criteria["home"])
    table, ranked = [], []
    for code in dict.fromkeys(codes):
        place = places.get(code)
        if place is None:
            continue
        n = sum(1 for r in rows if regions.get(r.region, "").startswith(place.prefix))
        valid_inv = sum(1 for r in rows if r.kind == "invention" and r.status(as_of) == PatentStatus.VALID
                        and regions.get(r.region, "").startswith(place.prefix))  # fmt: skip
        figure = (RegionFigure.objects.filter(region=place, year__lte=as_of.year, resident_population__isnull=False)
                  .order_by("-year").values_list("resident_population", flat=True).first())  # fmt: skip
        per_10k = round(valid_inv / figure * 10_000, 2) if figure else None
        nested = home is not None and place != home and (place.contains(home) or home.contains(place))
        name = f"{place.name}（含{home.name}，不参与排名）" if nested and place.contains(home) else (
            f"{place.name}（属{home.name}，不参与排名）" if nested else place.name)  # fmt: skip
        table.append([name, n, round(n / (len(rows) or 1) * 100, 2), valid_inv, per_10k])
        if not nested:
            ranked.append((n, place.code))
    ranked.sort(key=lambda item: -item[0])
    rank = next((i + 1 for i, (_n, code) in enumerate(ranked) if home and code == home.code), None)
    return {
        "header": ["区域", "专利数", "占范围%", "有效发明", "每万人口有效发明"], "table": table, "rank": rank,
        "of": len(ranked),
        "chart": _chart("bar", "本区域与比较区域（件）", [row[0] for row in table], {"专利数": [row[1] for row in table]}),
    }  # fmt: skip


def topics(rows: list[Row], as_of: date) -> dict:
    """Terms whose share of titles rose most in the last three years against the years before."""
    split = as_of.year - 2
    recent, before = Counter(), Counter()
    n_recent = n_before = 0
    for r in rows:
        words = set(segment.tokens(r.title))
        if r.filed.year >= split:
            recent.update(words)
            n_recent += 1
        else:
            before.update(words)
            n_before += 1
    found = []
    for word, n in recent.items():
        if n < 3 or len(word) < 2:
            continue
        share_recent = n / (n_recent or 1)
        share_before = (before[word] + 0.5) / ((n_before or 0) + 1)
        found.append((math.log(share_recent / share_before), word, n, before[word]))
    found.sort(reverse=True)
    return {
        "header": ["主题词", f"{split}年起", f"{split}年前", "增幅（倍）"],
        "since": split,
        "table": [[w, n, b, round(math.exp(lift), 1)] for lift, w, n, b in found[:TOP]],
    }


def key_patents(rows: list[Row], ruleset_id: int | None, run: Run) -> dict:
    ids = RunPatent.objects.filter(run=run).values("patent_id")
    events = defaultdict(Counter)
    for patent_id, kind, n in (PatentEvent.objects.filter(patent_id__in=ids, kind__in=[EventKind.TRANSFER, EventKind.LICENSE, EventKind.PLEDGE])
                               .values_list("patent_id", "kind").annotate(n=Count("pk")).values_list("patent_id", "kind", "n")):  # fmt: skip
        events[patent_id][kind] = n
    awards = dict(
        PatentAward.objects.filter(patent_id__in=ids)
        .values_list("patent_id")
        .annotate(n=Count("pk"))
        .values_list("patent_id", "n")
    )
    high = set()
    if ruleset_id is not None:
        high = set(
            PatentClass.objects.filter(
                ruleset_id=ruleset_id, patent_id__in=ids, hv_on__isnull=False
            ).values_list("patent_id", flat=True)
        )
    scored = []
    for r in rows:
        e = events.get(r.pk, Counter())
        score = (3 * r.family + 2 * e[EventKind.TRANSFER] + 2 * e[EventKind.LICENSE] + 2 * e[EventKind.PLEDGE]
                 + 5 * awards.get(r.pk, 0) + 2 * (r.pk in high))  # fmt: skip
        if score:
            reasons = [label for label, n in (("海外同族", r.family), ("转让", e[EventKind.TRANSFER]), ("许可", e[EventKind.LICENSE]),
                                              ("质押", e[EventKind.PLEDGE]), ("获奖", awards.get(r.pk, 0)), ("高价值", r.pk in high)) if n]  # fmt: skip
            scored.append((score, r.number, r, "、".join(reasons)))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return {
        "header": ["申请号", "名称", "第一申请人", "得分", "依据"],
        "table": [[r.number, r.title, r.applicants[0][0] if r.applicants else "", s, why] for s, _n, r, why in scored[:20]],
        "with_family": sum(1 for r in rows if r.family), "transferred": sum(1 for e in events.values() if e[EventKind.TRANSFER]),
        "licensed": sum(1 for e in events.values() if e[EventKind.LICENSE]), "pledged": sum(1 for e in events.values() if e[EventKind.PLEDGE]),
        "awarded": len(awards), "high_value": len(high), "citations": "登记簿未收录引证数据，按同族、运营与获奖评价。",
    }  # fmt: skip


def findings(figures: dict) -> list[str]:
    """The navigation's conclusions, stated from the figures (导航结论)."""
    out = []
    trend, apps, geo, legal_, pos = (
        figures["trends"],
        figures["applicants"],
        figures["geography"],
        figures["legal"],
        figures["position"],
    )
    if trend["growth"] is not None:
        out.append(f"近年申请量年均增长 {trend['growth']}%（不计公开滞后的最近两年），"
                   + ("领域处于快速发展期。" if trend["growth"] > 10 else "领域趋于平稳。" if trend["growth"] > -5 else "领域申请趋于减少。"))  # fmt: skip
    out.append(
        f"前十位申请人占全部专利的 {apps['top10_share']}%，"
        + ("集中度较高，头部企业主导。" if apps["top10_share"] > 40 else "创新主体较分散。")
    )
    out.append(f"{geo['home']}在本领域拥有 {geo['home_count']} 件，占 {geo['home_share']}%"
               + (f"，在比较区域中居第 {pos['rank']} 位（共 {pos['of']} 个）。" if pos["rank"] else "。"))  # fmt: skip
    valid = legal_["counts"].get(PatentStatus.VALID, 0)
    out.append(f"有效专利 {valid} 件；已失效专利可作为免费技术来源，见“法律状态与寿命”。")
    if figures["topics"]["table"]:
        words = "、".join(row[0] for row in figures["topics"]["table"][:5])
        out.append(f"新兴主题：{words} 等词在近三年申请中占比上升最快，可作为技术跟踪与布局方向。")
    if figures["network"]["academic_patents"]:
        out.append(f"产学研合作申请 {figures['network']['academic_patents']} 件，主要合作关系见“合作网络”。")
    return out


def analyse(run: Run, *, progress=None) -> dict:
    """Freeze the scope and compute every analysis; figures are stored on the run."""
    started = time.perf_counter()
    ruleset = default_ruleset()
    ruleset_id = ruleset.pk if ruleset else None
    criteria = run.criteria or criteria_of(run.scope)
    run.criteria = criteria
    RunPatent.objects.filter(run=run).delete()
    run.patent_count = freeze(run, criteria, ruleset_id)
    steps = [("trends", lambda rows: trends(rows, run.as_of)), ("applicants", lambda rows: applicants(rows, run.as_of)),
             ("technology", lambda rows: technology(rows, run.as_of, ruleset_id, run)),
             ("geography", lambda rows: geography(rows, criteria)), ("legal", lambda rows: legal(rows, run.as_of)),
             ("network", network), ("position", lambda rows: position(rows, criteria, run.as_of)),
             ("topics", lambda rows: topics(rows, run.as_of)), ("key", lambda rows: key_patents(rows, ruleset_id, run))]  # fmt: skip
    rows = read(run)
    figures = {"ruleset": ruleset.name if ruleset else ""}
    for n, (name, fn) in enumerate(steps, 1):
        figures[name] = fn(rows)
        if progress is not None:
            progress(n, len(steps), name)
    figures["findings"] = findings(figures)
    run.figures = figures
    run.seconds = round(time.perf_counter() - started, 2)
    run.save(update_fields=["criteria", "patent_count", "figures", "seconds"])
    return figures
