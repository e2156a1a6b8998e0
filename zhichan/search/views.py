"""One search box over the registries and the office's files.

Each kind is searched through the rows its own list shows the user (the same access functions
and, for entities, patents and other rights, the same filters), so the box finds nothing a user
could not open. A query that matches no title as a whole is tried again word by word (jieba's
search mode: 宜都锂电池正极 → 宜都, 锂电池, 正极, each required, in any of the kind's fields — a
patent's title or applicants, an entity's name or address). Complaints are found by their
receipt code, respondent, right number and text — never by the complainant's name or phone.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import and_

from django.db.models import Q, QuerySet
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from zhichan.accounts.access import entities_for_user, in_office
from zhichan.assets.access import patents_for_user, rights_for_user
from zhichan.assets.filters import PatentFilter, RightFilter
from zhichan.assets.models import ImportKind
from zhichan.assets.services import RIGHT_MODELS
from zhichan.awards.models import Application
from zhichan.entities.filters import EntityFilter
from zhichan.lib import segment
from zhichan.lib.views import staff_required
from zhichan.market.models import Demand, Listing
from zhichan.protection.models import Case, Complaint

SHOWN = 6  # rows shown per kind; the kind's own list has the rest
COUNTED = 100  # counted up to this many ("100+" beyond)


@dataclass
class Group:
    label: str
    rows: list = field(default_factory=list)  # (title, detail, url)
    count: int = 0
    more: str = ""  # the kind's list with the query, when it has one

    @property
    def count_label(self) -> str:
        return f"{COUNTED}+" if self.count > COUNTED else str(self.count)


def _words(query: str) -> list[str]:
    words = [w for w in segment.tokens(query) if len(w) > 1]
    return list(dict.fromkeys(words))


def _text_q(fields: list[str], query: str) -> Q:
    return reduce(lambda a, b: a | b, (Q(**{f"{f}__icontains": query}) for f in fields))


def _matching(rows: QuerySet, fields: list[str], query: str) -> QuerySet:
    """Rows whose fields contain the query; failing that, each of its words (in any field)."""
    found = rows.filter(_text_q(fields, query))
    if found.exists():
        return found
    words = _words(query)
    if len(words) < 2:
        return found
    return rows.filter(reduce(and_, (_text_q(fields, w) for w in words)))


def _group(label: str, rows: QuerySet, describe, more: str = "") -> Group:
    shown = list(rows[:SHOWN])
    count = len(shown) if len(shown) < SHOWN else rows[: COUNTED + 1].count()
    return Group(label, [describe(r) for r in shown], count, more)


def _list_url(name: str, query: str, *args) -> str:
    return reverse(name, args=args) + "?" + urlencode({"q": query})


def search(user, query: str) -> list[Group]:
    groups = []
    scope = entities_for_user(user).filter(merged_into__isnull=True).select_related("region")
    entities = EntityFilter({"q": query}, queryset=scope).qs
    if not entities.exists() and len(_words(query)) > 1:
        entities = _matching(scope, ["name", "address"], query)
    groups.append(_group(_("创新主体"), entities.order_by("name"), lambda e: (
        e.name, " · ".join(x for x in [e.get_kind_display(), e.credit_code or "", e.region.name if e.region else ""] if x),
        reverse("entities:detail", args=[e.pk])), _list_url("entities:list", query)))  # fmt: skip

    patents = PatentFilter({"q": query}, queryset=patents_for_user(user, listing=True)).qs
    if not patents.exists() and len(_words(query)) > 1:  # 宜都 电池: each word in the title or applicants
        patents = _matching(patents_for_user(user, listing=True), ["title", "applicants"], query)
    groups.append(_group(_("专利"), patents.order_by("-filed_on", "-pk"), lambda p: (
        p.title, f"{p.number} · {p.get_kind_display()} · {p.applicants[:60]}",
        reverse("assets:patent", args=[p.pk])), _list_url("assets:patents", query)))  # fmt: skip

    for kind, model in RIGHT_MODELS.items():
        rights = RightFilter({"q": query}, queryset=rights_for_user(user, model)).qs
        groups.append(_group(str(ImportKind(kind).label), rights.order_by("-pk"), lambda r, kind=kind: (
            r.title, f"{r.number} · {r.holders[:60]}", _list_url("assets:rights", r.number, kind)),
            _list_url("assets:rights", query, kind)))  # fmt: skip

    cases = _matching(in_office(Case.objects, user), ["number", "title", "summary"], query)
    groups.append(_group(_("案件"), cases.order_by("-requested_on", "-pk"), lambda c: (
        c.title, f"{c.number} · {c.get_kind_display()} · {c.get_status_display()}",
        reverse("protection:case", args=[c.pk]))))  # fmt: skip

    complaints = in_office(Complaint.objects, user)
    by_receipt = complaints.filter(receipt=query.strip().upper())
    complaints = by_receipt if by_receipt.exists() else _matching(
        complaints, ["subject", "right_number", "description"], query)  # fmt: skip
    groups.append(_group(_("投诉举报"), complaints.order_by("-pk"), lambda c: (
        _("%(k)s：%(s)s") % {"k": c.get_kind_display(), "s": c.subject},
        f"{c.receipt} · {c.get_status_display()}", reverse("protection:complaint", args=[c.pk]))))  # fmt: skip

    applications = in_office(Application.objects, user, "programme__region").select_related(
        "programme", "entity"
    )
    applications = applications.filter(Q(entity__name__icontains=query) | Q(programme__name__icontains=query))
    groups.append(_group(_("奖补申报"), applications.order_by("-pk"), lambda a: (
        f"{a.entity.name}", f"{a.programme.name} · {a.get_status_display()}",
        reverse("awards:application", args=[a.pk]))))  # fmt: skip

    listings = in_office(Listing.objects, user).select_related("patent", "holder")
    listings = _matching(listings, ["patent__title", "patent__number", "holder__name"], query)
    groups.append(_group(_("专利供给"), listings.order_by("-pk"), lambda x: (
        x.patent.title, f"{x.patent.number} · {x.holder.name} · {x.get_kind_display()}",
        reverse("assets:patent", args=[x.patent.pk]))))  # fmt: skip

    demands = _matching(in_office(Demand.objects, user).select_related("entity"), ["title", "text"], query)
    groups.append(_group(_("技术需求"), demands.order_by("-pk"), lambda d: (
        d.title, d.entity.name if d.entity_id else "", reverse("market:demand", args=[d.pk]))))  # fmt: skip
    return groups


@staff_required
def results(request):
    query = request.GET.get("q", "").strip()[:100]
    groups = search(request.user, query) if query else []
    found = [g for g in groups if g.count]
    return render(request, "search/results.html", {
        "search_query": query, "groups": found, "total": sum(g.count for g in found),
        "searched": bool(query), "empty": [g.label for g in groups if not g.count],
    })  # fmt: skip
