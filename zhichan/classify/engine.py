"""Classifying patents under a rule version: industries, patent-intensive categories, strategic
emerging industries and the high-value verdict, stored per patent and explainable.

The verdict is date-bound only through validity and the 10-year maintenance criterion, so it is
stored as a date: ``hv_on`` is the first day on which a criterion holds (the filing date for the
intrinsic ones, the pledge's registration date, the end of the award year, or the day the patent
has been in force for more than ten years from filing). A patent is high-value on a day when it is
a valid invention patent that day and ``hv_on`` is not later.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import CharField, Min, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhichan.assets.models import EventKind, Patent, PatentAward, PatentEvent, PatentKind, PatentStatus
from zhichan.assets.status import anniversary, status_q
from zhichan.classify import matcher
from zhichan.classify.models import ClassName, ClassRule, PatentClass, RuleSet, Scheme
from zhichan.lib.bulk import insert_rows
from zhichan.lib.stamp import data_changed

# The thresholds of the official statistics, each with where it comes from. A rule version may
# override any of them (RuleSet.thresholds); the effective values are shown on its page.
THRESHOLDS = {
    "ipc_scope": {
        "value": "all",
        "label": gettext_lazy("匹配所用分类号"),
        "source": gettext_lazy("all = 专利的全部 IPC 分类号，main = 仅主分类号。参照关系表未限定，平台默认用全部分类号。"),
    },
    "maintained_years": {
        "value": 10,
        "label": gettext_lazy("维持年限（年，超过即满足）"),
        "source": gettext_lazy("《宜都市知识产权强县建设方案》第五章名词解释1（3）“维持年限超过10年的发明专利”，自申请日起算。"),
    },
    "pledge_amount_yuan": {
        "value": 10_000_000,
        "label": gettext_lazy("较高质押融资金额（元，达到即满足）"),
        "source": gettext_lazy("方案原文仅称“实现较高质押融资金额”，未给数额；平台默认按常见统计口径 1000 万元，"
                               "尚未找到国家知识产权局的正式出处，请按上级口径设置。"),
    },
    "awards": {
        "value": ["中国专利奖", "国家科学技术奖", "国家自然科学奖", "国家技术发明奖", "国家科学技术进步奖", "国际科学技术合作奖"],
        "label": gettext_lazy("计入的奖项（名称包含其一即可）"),
        "source": gettext_lazy("方案名词解释1（5）“获得国家科学技术奖、中国专利奖的发明专利”；国家科学技术奖含其下设各奖。"),
    },
    "family_domestic": {
        "value": ["CN", "WO"],
        "label": gettext_lazy("不算“海外同族”的前缀"),
        "source": gettext_lazy("方案名词解释1（2）“在海外有同族专利权”：中国本国文献与 PCT 国际公布（WO，非专利权）不计。"),
    },
    "family_application_kinds": {
        "value": ["A", "A1", "A2", "A3", "A8", "A9"],
        "label": gettext_lazy("表示“仅公开未授权”的文献类型"),
        "source": gettext_lazy("同族成员带这些文献类型代码时只是申请公布，不构成“专利权”；未带代码的成员按专利权计。"),
    },
}  # fmt: skip

SEI_BIT, FAMILY_BIT, MAINTAINED_BIT, PLEDGE_BIT, AWARD_BIT = 1, 2, 4, 8, 16
CRITERIA = [
    (SEI_BIT, gettext_lazy("属于战略性新兴产业")),
    (FAMILY_BIT, gettext_lazy("在海外有同族专利权")),
    (MAINTAINED_BIT, gettext_lazy("维持年限超过10年")),
    (PLEDGE_BIT, gettext_lazy("实现较高质押融资金额")),
    (AWARD_BIT, gettext_lazy("获得国家科学技术奖或中国专利奖")),
]


def thresholds(ruleset: RuleSet) -> dict:
    values = {key: spec["value"] for key, spec in THRESHOLDS.items()}
    values.update({k: v for k, v in (ruleset.thresholds or {}).items() if k in THRESHOLDS})
    return values


def _compile(table) -> matcher.Matcher | None:
    if table is None:
        return None
    rows = [
        matcher.Row(
            ref=rule.pk,
            target=rule.target,
            include=tuple(matcher.parse_patterns(rule.include)),
            exclude=tuple(matcher.parse_patterns(rule.exclude)),
            keywords=tuple(t for t in rule.keywords.split("|") if t),
        )
        for rule in table.rules.order_by("position")
    ]
    return matcher.Matcher(rows)


_KIND_CODE = re.compile(r"\d([A-Z]\d?)$")


def overseas_members(family, settings: dict) -> list[str]:
    """The overseas family members that are patent rights, under the rule version's settings."""
    members = []
    for raw in family or []:
        text = re.sub(r"[\s\-]+", "", str(raw).upper())
        if len(text) < 4 or not text[:2].isalpha() or text[:2] in settings["family_domestic"]:
            continue
        kind = _KIND_CODE.search(text)
        if kind and kind[1] in settings["family_application_kinds"]:
            continue
        members.append(str(raw))
    return members


@dataclass
class Compiled:
    """A rule version made ready to classify: compiled tables, thresholds, evidence maps."""

    ruleset: RuleSet
    settings: dict
    sei: matcher.Matcher | None
    nic: matcher.Matcher | None
    pi_of_nic: dict[str, str]
    pledges: dict[int, date] = field(default_factory=dict)
    awards: dict[int, date] = field(default_factory=dict)
    _long: dict[date, date] = field(default_factory=dict)

    @classmethod
    def of(cls, ruleset: RuleSet, patent_ids=None) -> "Compiled":
        settings = thresholds(ruleset)
        pi_of_nic = {}
        if ruleset.nic_pi_id:
            pi_of_nic = dict(ruleset.nic_pi.rules.values_list("include", "target"))
        compiled = cls(ruleset, settings, _compile(ruleset.ipc_sei), _compile(ruleset.ipc_nic), pi_of_nic)
        pledges = PatentEvent.objects.filter(
            kind=EventKind.PLEDGE, amount__gte=Decimal(settings["pledge_amount_yuan"])
        )
        awards = PatentAward.objects.filter(_award_q(settings))
        if patent_ids is not None and len(patent_ids) <= 1000:
            pledges, awards = (
                pledges.filter(patent_id__in=patent_ids),
                awards.filter(patent_id__in=patent_ids),
            )
        compiled.pledges = dict(
            pledges.values("patent_id").annotate(d=Min("effective_on")).values_list("patent_id", "d")
        )
        compiled.awards = {
            pk: date(year, 12, 31)
            for pk, year in awards.values("patent_id").annotate(y=Min("year")).values_list("patent_id", "y")
        }
        return compiled

    def codes(self, main_ipc: str, ipc_codes: str) -> list[str]:
        if self.settings["ipc_scope"] == "main":
            return [main_ipc] if main_ipc else []
        codes = [c for c in ipc_codes.split("; ") if c] if ipc_codes else []
        if main_ipc and main_ipc not in codes:
            codes.insert(0, main_ipc)
        return codes

    def classes(self, codes, text) -> tuple:
        """(industries, pi_mask, sei_codes, sei_mask) of a patent's symbols."""
        industries, pi_mask, sei, sei_mask = "", 0, [], 0
        if self.nic is not None:
            nic = sorted({self.nic.rows[n].target for n, _c in self.nic.match(codes, text)})
            industries = "; ".join(nic)[:300]
            for code in nic:
                if code in self.pi_of_nic:
                    pi_mask |= 1 << (int(self.pi_of_nic[code]) - 1)
        if self.sei is not None:
            sei = sorted({self.sei.rows[n].target for n, _c in self.sei.match(codes, text)})
            for code in sei:
                sei_mask |= 1 << (int(code.split(".")[0]) - 1)
        return industries, pi_mask, "; ".join(sei)[:200], sei_mask

    def verdict(self, pk, kind, filed_on: date, strategic: bool, overseas: bool) -> tuple:
        """(hv_mask, hv_on) of a patent: the criteria met and the first day one holds."""
        if kind != PatentKind.INVENTION:
            return 0, None
        long_from = self._long.get(filed_on)
        if long_from is None:
            long_from = self._long[filed_on] = anniversary(
                filed_on, self.settings["maintained_years"]
            ) + timedelta(days=1)
        hv_mask, hv_on = 0, long_from
        if strategic:
            hv_mask, hv_on = SEI_BIT, filed_on
        if overseas:
            hv_mask, hv_on = hv_mask | FAMILY_BIT, filed_on
        if pk in self.pledges:
            hv_mask, hv_on = hv_mask | PLEDGE_BIT, min(hv_on, self.pledges[pk])
        if pk in self.awards:
            hv_mask, hv_on = hv_mask | AWARD_BIT, min(hv_on, self.awards[pk])
        return hv_mask, hv_on

    def classify(self, pk, kind, filed_on, codes, family, text) -> tuple:
        """(industries, pi_mask, sei_codes, sei_mask, hv_mask, hv_on) of one patent."""
        found = self.classes(codes, text)
        return (
            *found,
            *self.verdict(pk, kind, filed_on, bool(found[2]), bool(overseas_members(family, self.settings))),
        )

    def needs_text(self, codes) -> bool:
        return any(m is not None and m.needs_text(codes) for m in (self.sei, self.nic))


def _award_q(settings: dict) -> Q:
    q = Q(pk__in=[])
    for name in settings["awards"]:
        q |= Q(award__contains=name)
    return q


CHUNK = 20_000
FIELDS = ["ruleset", "patent", "industries", "pi_mask", "sei_codes", "sei_mask", "hv_mask", "hv_on",
          "invention", "region", "granted_on", "ended_on"]  # fmt: skip


@transaction.atomic
def classify(ruleset: RuleSet, patent_ids=None, progress=None) -> int:
    """(Re)compute the classes of the given patents (all when None) under ``ruleset``."""
    ids = None if patent_ids is None else sorted(set(patent_ids))
    started = timezone.now()  # a change of the rule version after this makes the result stale
    compiled = Compiled.of(ruleset, ids)
    stored = PatentClass.objects.filter(ruleset=ruleset)
    patents = Patent.everything.order_by()  # the analysis corpus too: navigation reads its classes
    if ids is None:
        stored.delete()  # no signals or dependents: one DELETE statement
    # Dates and the family as text: most rows have no family ("[]"), and parsing JSON and dates
    # for a million rows costs more than the classification itself.
    columns = {
        "filed": Cast("filed_on", CharField()),
        "fam": Cast("family", TextField()),
        "granted": Cast("granted_on", CharField()),
        "ended": Cast("ended_on", CharField()),
    }
    if progress is not None:
        progress.total(len(ids) if ids is not None else patents.count())
    done = 0
    by_symbols: dict[tuple[str, str], tuple] = {}  # many patents share their symbols
    dates: dict[str, date] = {}
    for chunk in _chunks(
        patents.annotate(**columns),
        ids,
        ("pk", "kind", "filed", "main_ipc", "ipc_codes", "fam", "region_id", "granted", "ended"),
    ):
        if ids is not None:
            stored.filter(patent_id__in=[row[0] for row in chunk]).delete()
        wanted = []
        for row in chunk:
            key = (row[3], row[4])
            if key not in by_symbols:
                codes = compiled.codes(*key)
                by_symbols[key] = (
                    (codes, None) if compiled.needs_text(codes) else (codes, compiled.classes(codes, None))
                )
            if by_symbols[key][1] is None:
                wanted.append(row[0])
        texts = {}
        if wanted:
            texts = {
                pk: f"{title} {abstract}"
                for pk, title, abstract in Patent.everything.filter(pk__in=wanted).values_list(
                    "pk", "title", "abstract"
                )
            }
        rows = []
        for pk, kind, filed, main_ipc, ipc_codes, family, region_id, granted, ended in chunk:
            codes, found = by_symbols[(main_ipc, ipc_codes)]
            if found is None:
                found = compiled.classes(codes, texts.get(pk, ""))
            filed_on = dates.get(filed) or dates.setdefault(filed, date.fromisoformat(filed[:10]))
            overseas = (
                bool(family)
                and family != "[]"
                and bool(overseas_members(json.loads(family), compiled.settings))
            )
            hv_mask, hv_on = compiled.verdict(pk, kind, filed_on, bool(found[2]), overseas)
            rows.append((
                ruleset.pk, pk, *found, hv_mask, hv_on.isoformat() if hv_on else None,
                kind == PatentKind.INVENTION, region_id, granted and granted[:10], ended and ended[:10],
            ))  # fmt: skip
        insert_rows(PatentClass, FIELDS, rows, prepared=True)
        done += len(chunk)
        if progress is not None:
            progress.advance(len(chunk))
    if ids is None:
        RuleSet.objects.filter(pk=ruleset.pk).update(computed_at=started, computed_count=done)
    data_changed()
    return done


def _chunks(patents, ids, columns):
    if ids is not None:
        for start in range(0, len(ids), CHUNK):
            yield list(patents.filter(pk__in=ids[start : start + CHUNK]).values_list(*columns))
        return
    last = 0
    while True:
        chunk = list(patents.filter(pk__gt=last).order_by("pk").values_list(*columns)[:CHUNK])
        if not chunk:
            return
        last = chunk[-1][0]
        yield chunk


def classify_current(patent_ids) -> None:
    """Keep every kept-current rule version up to date for patents whose records changed."""
    ids = list(patent_ids)
    rulesets = list(RuleSet.objects.filter(kept_current=True).select_related("ipc_sei", "ipc_nic", "nic_pi"))
    if not ids or not rulesets:
        return
    whole = len(ids) * 2 > Patent.objects.count()  # most of the register: a full pass is cheaper
    for ruleset in rulesets:
        classify(ruleset, None if whole else ids)


def default_ruleset() -> RuleSet | None:
    return RuleSet.objects.filter(is_default=True).first() or RuleSet.objects.first()


# ---------------------------------------------------------------------------------------------
# Queries on stored classes


def high_value_q(ruleset: RuleSet, day: date, prefix: str = "") -> Q:
    """Patents (or rows reaching a patent through ``prefix``) that count as high-value on ``day``."""
    counted = PatentClass.objects.filter(ruleset=ruleset, hv_on__lte=day).values("patent_id")
    return (
        Q(**{f"{prefix}kind": PatentKind.INVENTION})
        & status_q(PatentStatus.VALID, day, prefix)
        & Q(**{f"{prefix}pk__in": counted})
    )


# ---------------------------------------------------------------------------------------------
# Explaining one patent's classes


@dataclass
class Explanation:
    codes: list[str]
    sei: list[dict]
    nic: list[dict]
    pi: list[dict]
    criteria: list[dict]
    hv_on: date | None
    waiting: list[str]
    stored: PatentClass | None
    agrees: bool


def _hits(match: matcher.Matcher, codes, text, scheme) -> list[dict]:
    names = dict(ClassName.objects.filter(scheme=scheme).values_list("code", "name"))
    rules = {r.pk: r for r in ClassRule.objects.filter(pk__in=[row.ref for row in match.rows])}
    hits = []
    for number, code in match.match(codes, text):
        row = match.rows[number]
        rule = rules[row.ref]
        hits.append(
            {
                "target": row.target,
                "name": names.get(row.target, ""),
                "code": code,
                "patterns": [str(p) for p in row.include if p.matches(code)],
                "exclude": rule.exclude,
                "keywords": [t for t in row.keywords if t in (text or "")],
                "rule": rule,
            }
        )
    return hits


def explain(patent: Patent, ruleset: RuleSet) -> Explanation:
    compiled = Compiled.of(ruleset, [patent.pk])
    codes = compiled.codes(patent.main_ipc, patent.ipc_codes)
    text = f"{patent.title} {patent.abstract}"
    sei = _hits(compiled.sei, codes, text, Scheme.SEI) if compiled.sei else []
    nic = _hits(compiled.nic, codes, text, Scheme.NIC) if compiled.nic else []
    pi_names = dict(ClassName.objects.filter(scheme=Scheme.PI).values_list("code", "name"))
    pi = [
        {
            "industry": code,
            "target": compiled.pi_of_nic[code],
            "name": pi_names.get(compiled.pi_of_nic[code], ""),
        }
        for code in sorted({h["target"] for h in nic})
        if code in compiled.pi_of_nic
    ]
    result = compiled.classify(patent.pk, patent.kind, patent.filed_on, codes, patent.family, text)
    criteria = []
    if patent.kind == PatentKind.INVENTION:
        settings = compiled.settings
        long_from = anniversary(patent.filed_on, settings["maintained_years"]) + timedelta(days=1)
        pledge = (
            PatentEvent.objects.filter(patent=patent, kind=EventKind.PLEDGE, amount__gte=Decimal(settings["pledge_amount_yuan"]))
            .order_by("effective_on").first()
        )  # fmt: skip
        award = PatentAward.objects.filter(Q(patent=patent) & _award_q(settings)).order_by("year").first()
        members = overseas_members(patent.family, settings)
        evidence = {
            SEI_BIT: (bool(sei), "；".join(sorted({f"{h['target']} {h['name']}" for h in sei})), patent.filed_on if sei else None),
            FAMILY_BIT: (bool(members), "、".join(members), patent.filed_on if members else None),
            MAINTAINED_BIT: (True, _("自 %(d)s 起维持满%(n)s年（须当日有效）") % {"d": long_from, "n": settings["maintained_years"]}, long_from),
            PLEDGE_BIT: (pledge is not None, pledge and f"{pledge.effective_on} {pledge.get_kind_display()} {pledge.amount:,.0f} 元", pledge and pledge.effective_on),
            AWARD_BIT: (award is not None, award and f"{award.year} {award.award}{award.grade}", award and date(award.year, 12, 31)),
        }  # fmt: skip
        for bit, label in CRITERIA:
            met, record, since = evidence[bit]
            criteria.append({"bit": bit, "label": label, "met": met, "record": record or "", "since": since})
    waiting = []
    if ruleset.ipc_nic_id is None:
        waiting.append(
            _("国民经济行业与专利密集型产业：等待导入《国际专利分类与国民经济行业分类参照关系表（2018）》。")
        )
    if ruleset.ipc_sei_id is None:
        waiting.append(_("战略性新兴产业：本规则版本未指定《战略性新兴产业分类与国际专利分类参照关系表》。"))
    stored = PatentClass.objects.filter(ruleset=ruleset, patent=patent).first()
    agrees = (
        stored is not None
        and (
            stored.industries,
            stored.pi_mask,
            stored.sei_codes,
            stored.sei_mask,
            stored.hv_mask,
            stored.hv_on,
        )
        == result
    )
    return Explanation(codes, sei, nic, pi, criteria, result[5], waiting, stored, agrees)
