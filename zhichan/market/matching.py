"""Matching: a demand's text against the registry's patents (`match`), and a patent against the
region's enterprises (`enterprises_for`). Every result carries the reasons it was ranked."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.assets.models import Patent, PatentApplicant, PatentStatus
from zhichan.assets.status import status_q
from zhichan.entities.models import Entity, EntityKind, EntityTag, Tag
from zhichan.lib import segment
from zhichan.lib.ipc import split as split_codes
from zhichan.market import search
from zhichan.market.models import Listing, ListingStatus
from zhichan.regions.models import Region

VALID, LIVE, ANY = "valid", "live", "any"  # valid on the day; valid or pending; any status


@dataclass
class Filters:
    ipc: str = ""  # an IPC prefix: section, class, subclass, group
    industry: str = ""  # a strategic emerging industry code prefix, or "pi" (any patent-intensive)
    region: Region | None = None
    holder: str = ""  # EntityKind of the first applicant
    kinds: tuple[str, ...] = ()  # patent types
    status: str = VALID
    listed: bool = False  # only patents with a published listing
    within: tuple[int, ...] = ()  # only these patents (a pool's, a holder's, a labelled set)

    def describe(self) -> list[str]:
        said = []
        if self.ipc:
            said.append(_("IPC %(c)s") % {"c": self.ipc})
        if self.industry:
            said.append(_("产业 %(c)s") % {"c": self.industry})
        if self.region:
            said.append(self.region.name)
        if self.holder:
            said.append(EntityKind(self.holder).label)
        if self.listed:
            said.append(_("仅可交易专利"))
        return said


@dataclass
class Reason:
    word: str
    score: float
    fields: list[str]  # where the word occurs: 名称, 摘要, 主权项


@dataclass
class Hit:
    patent: Patent
    score: float
    reasons: list[Reason] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)


@dataclass
class Result:
    hits: list[Hit]
    words: list[str]  # the query's words that the index knows
    unknown: list[str]  # words no patent contains
    matched: int  # documents with a positive score after the filters
    built_at: str | None
    missing: int  # patents recorded since the index was built


def _mask(index: search.Index, filters: Filters, today: date) -> np.ndarray | None:
    columns = index.columns
    mask = None

    def both(other):
        return other if mask is None else mask & other

    if filters.ipc:
        mask = both(index.with_ipc(filters.ipc))
    if filters.industry == "pi":
        mask = both(columns["pi"] > 0)
    elif filters.industry:
        mask = both(index.with_sei(filters.industry))
    if filters.region is not None:
        leaves = list(
            Region.objects.filter(prefix__startswith=filters.region.prefix).values_list("pk", flat=True)
        )
        mask = both(np.isin(columns["region"], leaves))
    if filters.holder:
        mask = both(columns["holder"] == search.HOLDERS.index(filters.holder))
    if filters.kinds:
        mask = both(np.isin(columns["kind"], [search.KINDS.index(k) for k in filters.kinds]))
    day = today.toordinal() - search.EPOCH
    if filters.status == VALID:
        mask = both((columns["granted"] <= day) & (columns["ended"] > day))
    elif filters.status == LIVE:
        mask = both(columns["ended"] > day)
    if filters.within:
        only = np.zeros(len(index.patent), dtype=bool)
        only[index.positions(filters.within)] = True
        mask = both(only)
    if filters.listed:
        listed = Listing.objects.filter(status=ListingStatus.PUBLISHED).values_list("patent_id", flat=True)
        only = np.zeros(len(index.patent), dtype=bool)
        only[index.positions(listed)] = True
        mask = both(only)
    return mask


def match(text: str, filters: Filters | None = None, *, k: int = 10, offset: int = 0) -> Result | None:
    """The patents that best fit a text (a demand, a question), best first. None: no index yet."""
    index = search.current()
    if index is None:
        return None
    filters = filters or Filters()
    today = timezone.localdate()
    asked = segment.terms(text)
    known = index.word_ids(asked)
    words = [w for w, _i in known]
    unknown = [w for w in asked if w not in set(words)]
    missing = Patent.everything.filter(pk__gt=index.meta["max_patent"]).count()
    if not known:
        return Result([], words, unknown, 0, index.built_at, missing)
    scores = index.scores([i for _w, i in known])
    mask = _mask(index, filters, today)
    if mask is not None:
        scores = np.where(mask, scores, 0)
    positive = int(np.count_nonzero(scores > 0))
    wanted = min(offset + k, positive)
    if wanted == 0:
        return Result([], words, unknown, 0, index.built_at, missing)
    top = np.argpartition(-scores, wanted - 1)[:wanted]
    top = top[np.lexsort((index.patent[top], -scores[top]))][offset:]  # ties: older record first
    ids = [int(index.patent[p]) for p in top]
    patents = Patent.everything.in_bulk(ids)
    listings = defaultdict(list)
    for listing in Listing.objects.filter(patent_id__in=ids, status=ListingStatus.PUBLISHED):
        listings[listing.patent_id].append(listing)
    hits = []
    for position in top:
        patent = patents.get(int(index.patent[position]))
        if patent is None:
            continue  # deleted since the build
        hits.append(
            Hit(
                patent,
                float(scores[position]),
                explain(index, known, int(position), patent),
                listings[patent.pk],
            )
        )
    return Result(hits, words, unknown, positive, index.built_at, missing)


def explain(index: search.Index, known, position: int, patent: Patent) -> list[Reason]:
    """Each query word's part of a document's score, largest first, and where it occurs."""
    texts = (
        (_("名称"), patent.title.lower()),
        (_("摘要"), patent.abstract.lower()),
        (_("主权项"), patent.claims.lower()),
    )
    reasons = []
    for word, word_id in known:
        score = index.contribution(word_id, position)
        if score > 0:
            reasons.append(Reason(word, round(score, 2), [label for label, text in texts if word in text]))
    reasons.sort(key=lambda r: -r.score)
    return reasons


# ---------------------------------------------------------------------------------------------
# Reverse matching: which of the region's enterprises could use a patent


@dataclass
class Candidate:
    entity: Entity
    score: float
    reasons: list[str]
    parts: dict[str, float]


WEIGHTS = {"text": 0.45, "ipc": 0.35, "industry": 0.10, "capacity": 0.10}


def _ipc_levels(codes: list[str]) -> tuple[set[str], set[str]]:
    groups = {c.split("/")[0].replace(" ", "") for c in codes}
    return {c[:4] for c in codes}, groups


def enterprises_for(patent: Patent, region: Region, *, k: int = 20) -> list[Candidate]:
    """Rank the region's enterprises (other than the patent's holders) by how well they could use
    ``patent``: technical proximity of their own patents (text similarity and shared IPC
    subclasses and groups), the industry they are registered in, and their capacity (size tags
    and portfolio). Weights in WEIGHTS; docs/matching.md explains the parts."""
    holders = set(
        PatentApplicant.objects.filter(patent=patent, entity__isnull=False).values_list(
            "entity_id", flat=True
        )
    )
    codes = split_codes(patent.ipc_codes) or ([patent.main_ipc] if patent.main_ipc else [])
    subclasses, groups = _ipc_levels(codes)
    enterprises = Entity.objects.filter(
        kind=EntityKind.ENTERPRISE, merged_into__isnull=True, region__prefix__startswith=region.prefix
    ).exclude(pk__in=holders)

    # Text: the patent's own words searched over the registry, summed per holding enterprise
    # (its best three patents), so a firm with several close patents ranks above one near miss.
    text_score: dict[int, float] = defaultdict(float)
    text_words: dict[int, Counter] = defaultdict(Counter)
    index = search.current()
    if index is not None:
        known = index.word_ids(segment.terms(search.document(patent.title, patent.abstract, patent.claims)))
        if known:
            scores = index.scores([i for _w, i in known])
            leaves = list(
                Region.objects.filter(prefix__startswith=region.prefix).values_list("pk", flat=True)
            )
            scores = np.where(np.isin(index.columns["region"], leaves), scores, 0)
            own = index.positions([patent.pk])
            scores[own] = 0
            count = min(300, int(np.count_nonzero(scores > 0)))
            if count:
                top = np.argpartition(-scores, count - 1)[:count]
                best = scores[top].max()
                ids = {int(index.patent[p]): float(scores[p]) / best for p in top}
                per_entity = defaultdict(list)
                links = PatentApplicant.objects.filter(patent_id__in=ids, entity__in=enterprises)
                for patent_id, entity_id in links.values_list("patent_id", "entity_id"):
                    per_entity[entity_id].append(ids[patent_id])
                for entity_id, values in per_entity.items():
                    text_score[entity_id] = sum(sorted(values, reverse=True)[:3]) / 3
                titles = Patent.everything.filter(pk__in=list(ids)[:300]).values_list("pk", "title")
                title_of = dict(titles)
                for patent_id, entity_id in links.values_list("patent_id", "entity_id"):
                    for word, _i in known:
                        if word in title_of.get(patent_id, ""):
                            text_words[entity_id][word] += 1

    # IPC: the share of the patent's subclasses and groups found in the enterprise's portfolio.
    ipc_score: dict[int, float] = defaultdict(float)
    ipc_shared: dict[int, set[str]] = defaultdict(set)
    if subclasses:
        near = Q()
        for subclass in subclasses:
            near |= Q(patent__ipc_codes__contains=subclass[:4])
        links = (
            PatentApplicant.objects.filter(near, entity__in=enterprises)
            .values_list("entity_id", "patent__ipc_codes")
            .order_by()[:20000]
        )
        for entity_id, cell in links:
            own_sub, own_groups = _ipc_levels(split_codes(cell))
            shared = (subclasses & own_sub) | (groups & own_groups)
            ipc_shared[entity_id] |= shared
        for entity_id, shared in ipc_shared.items():
            sub_share = len(subclasses & shared) / len(subclasses)
            group_share = len(groups & shared) / len(groups) if groups else 0
            ipc_score[entity_id] = 0.5 * sub_share + 0.5 * group_share

    ids = set(text_score) | set(ipc_score)
    if not ids:
        return []
    found = {e.pk: e for e in enterprises.filter(pk__in=ids).select_related("region")}
    industry = _patent_industry(codes)
    holding = dict(
        PatentApplicant.objects.filter(entity_id__in=found)
        .filter(status_q(PatentStatus.VALID, timezone.localdate()))
        .values("entity_id")
        .annotate(n=Count("pk"))
        .values_list("entity_id", "n")
    )
    today = timezone.localdate()
    tags = defaultdict(list)
    for entity_id, tag in (
        EntityTag.objects.filter(entity_id__in=found)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .values_list("entity_id", "tag")
    ):
        tags[entity_id].append(tag)
    candidates = []
    for entity_id, entity in found.items():
        reasons, parts = [], {}
        parts["text"] = text_score.get(entity_id, 0.0)
        if parts["text"]:
            words = "、".join(w for w, _n in text_words[entity_id].most_common(4))
            reasons.append(
                _("自有专利与该专利技术内容相近（相似度 %(s).0f%%%(w)s）")
                % {"s": parts["text"] * 100, "w": _("，共同词：%(w)s") % {"w": words} if words else ""}
            )
        parts["ipc"] = ipc_score.get(entity_id, 0.0)
        if parts["ipc"]:
            shared = "、".join(sorted(ipc_shared[entity_id])[:4])
            reasons.append(_("持有相同技术领域的专利（IPC %(c)s）") % {"c": shared})
        parts["industry"] = 1.0 if industry and entity.industry_code[:2] in industry else 0.0
        if parts["industry"]:
            reasons.append(_("所属行业（%(c)s）与专利技术对口") % {"c": entity.industry_code})
        size = min(1.0, holding.get(entity_id, 0) / 20)
        bonus = 0.5 if set(tags[entity_id]) & CAPACITY_TAGS else 0.0
        parts["capacity"] = min(1.0, size + bonus)
        if bonus:
            labels = [str(Tag(t).label) for t in tags[entity_id] if t in CAPACITY_TAGS]
            reasons.append(_("具备转化实施能力（%(t)s）") % {"t": "、".join(labels)})
        if holding.get(entity_id):
            reasons.append(_("拥有有效专利 %(n)s 件") % {"n": holding[entity_id]})
        score = sum(WEIGHTS[key] * value for key, value in parts.items())
        candidates.append(Candidate(entity, round(score, 4), reasons, parts))
    candidates.sort(key=lambda c: (-c.score, c.entity.pk))
    return candidates[:k]


CAPACITY_TAGS = {"high_tech", "specialized", "above_scale", "chain_leader", "tech_sme"}

# IPC sections and classes → the GB/T 4754 divisions (two-digit) whose firms typically use them.
# A coarse reading of the IPC–NIC concordance for the trades the demo region has; the office's
# loaded concordance table (classify) refines it when present.
IPC_TRADES = {
    "A01": ["01", "05"], "A23": ["13", "14", "15"], "A61": ["27"], "B01": ["26", "35"], "B23": ["33", "34"],
    "B65": ["34", "35"], "C01": ["26"], "C04": ["30"], "C07": ["26", "27"], "C08": ["26", "29"],
    "C09": ["26"], "C12": ["27", "15"], "C22": ["32"], "E04": ["30", "47"], "F16": ["34"], "F27": ["35"],
    "G01": ["40"], "G06": ["65", "39"], "H01": ["38", "39"], "H02": ["38"], "H04": ["39", "63"],
    "H05": ["39"],
}  # fmt: skip


def _patent_industry(codes: list[str]) -> set[str]:
    found = set()
    for code in codes:
        found.update(IPC_TRADES.get(code[:3], []))
    return found
