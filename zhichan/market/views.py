"""Pages of transfer and licensing: matching search, demands, listings (可转化专利资源库 and
开放许可), transfer/licence records, reverse matching with notices, deals and stock-patent grades."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichan.accounts.access import (
    entity_for_user_or_404,
    is_staff_user,
    office_region,
    region_for_user_or_404,
)
from zhichan.assets.access import patents_for_user
from zhichan.assets.models import Patent, PatentStatus
from zhichan.assets.services import patent_by_number
from zhichan.assets.status import status_q
from zhichan.entities.models import EntityKind
from zhichan.lib.export import csv_response, xlsx_response
from zhichan.lib.views import day_from, money_from, paginate, staff_required, whole
from zhichan.market import grading, matching, services, submissions
from zhichan.market.models import (
    DEAL_TRANSITIONS,
    Deal,
    DealStage,
    Demand,
    LicenseType,
    Listing,
    ListingKind,
    ListingStatus,
    Outcome,
    PatentGrade,
    PatentPool,
    Recommendation,
    RecommendationStatus,
    Transaction,
    TransactionKind,
)


def _region(request):
    return office_region(request.user)


def _in_region(queryset, request):
    region = _region(request)
    return queryset.filter(region__prefix__startswith=region.prefix) if region else queryset


def _filters(request) -> matching.Filters:
    get = request.GET.get
    region = region_for_user_or_404(request.user, get("region")) if get("region") else None
    return matching.Filters(
        ipc=get("ipc", "").strip()[:20], industry=get("industry", "").strip()[:10], region=region,
        holder=get("holder", "") if get("holder") in EntityKind.values else "",
        kinds=tuple(k for k in request.GET.getlist("kind") if k in ("invention", "utility", "design")),
        status=get("status") if get("status") in (matching.VALID, matching.LIVE, matching.ANY) else matching.VALID,
        listed=get("listed") == "1",
    )  # fmt: skip


@staff_required
def search_page(request):
    text = request.GET.get("q", "").strip()[:2000]
    result = matching.match(text, _filters(request), k=20) if text else None
    return render(request, "market/search.html", {
        "q": text, "result": result, "holders": EntityKind.choices, "g": request.GET,
        "indexed": result is not None or matching.search.current() is not None,
    })  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Demands


@staff_required
def demands(request):
    rows = _in_region(Demand.objects.select_related("entity"), request)
    if request.method == "POST":
        entity = entity_for_user_or_404(request.user, whole(request.POST.get("entity"), 0))
        demand = Demand(
            entity=entity, title=request.POST.get("title", "")[:200], text=request.POST.get("text", ""),
            ipc=request.POST.get("ipc", "")[:20], industry=request.POST.get("industry", "")[:10],
        )  # fmt: skip
        try:
            budget = request.POST.get("budget", "").strip()
            demand.budget = Decimal(budget) if budget else None
            services.demand_save(demand=demand, user=request.user)
        except (InvalidOperation, ValidationError) as error:
            messages.error(request, "；".join(getattr(error, "messages", [_("预算应为数字。")])))
            return redirect("market:demands")
        return redirect("market:demand", pk=demand.pk)
    return render(request, "market/demands.html", {"page": paginate(request, rows)})


@staff_required
def demand_detail(request, pk: int):
    demand = get_object_or_404(_in_region(Demand.objects.select_related("entity"), request), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("approve", "return"):
                submissions.review(item=demand, approve=action == "approve", note=request.POST.get("note", ""),
                                   user=request.user)  # fmt: skip
            elif action == "publish":
                services.demand_publish(demand=demand, user=request.user)
            elif action == "close":
                services.demand_close(demand=demand, user=request.user)
            elif action == "deal":
                patent = get_object_or_404(Patent, pk=request.POST.get("patent"))
                listing = Listing.objects.filter(patent=patent, status=ListingStatus.PUBLISHED).first()
                deal = services.deal_start(
                    patent=patent, buyer=demand.entity, region=demand.region, demand=demand, listing=listing,
                    note=request.POST.get("note", ""), user=request.user,
                )  # fmt: skip
                return redirect("market:deal", pk=deal.pk)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("market:demand", pk=demand.pk)
    filters = matching.Filters(
        ipc=demand.ipc, industry=demand.industry, listed=request.GET.get("listed") == "1"
    )
    result = matching.match(f"{demand.title}。{demand.text}", filters, k=20)
    return render(request, "market/demand.html", {"demand": demand, "result": result})


# ---------------------------------------------------------------------------------------------
# Listings


def _listing_rows(request):
    rows = _in_region(Listing.objects.select_related("patent", "holder"), request)
    kind, state = request.GET.get("kind", ""), request.GET.get("status", "")
    if kind in ListingKind.values:
        rows = rows.filter(kind=kind)
    if state in ListingStatus.values:
        rows = rows.filter(status=state)
    return rows


@staff_required
def listings(request):
    if request.method == "POST":
        return _listing_post(request)
    rows = _listing_rows(request)
    if request.GET.get("format") in ("csv", "xlsx"):
        header = [_("申请号"), _("专利名称"), _("权利人"), _("方式"), _("报价（元）"), _("入门费（元）"), _("提成比例（%）"),
                  _("年许可费（元）"), _("先使用后付费"), _("有效期至"), _("状态"), _("发布时间")]  # fmt: skip
        data = ([x.patent.number, x.patent.title, x.holder.name, x.get_kind_display(), x.price, x.entry_fee,
                 x.royalty_rate, x.annual_fee, _("是") if x.pay_after_use else _("否"), x.available_until,
                 x.get_status_display(), x.published_at] for x in rows.iterator())  # fmt: skip
        return (csv_response if request.GET["format"] == "csv" else xlsx_response)(
            _("专利供给"), header, data
        )
    return render(request, "market/listings.html", {
        "page": paginate(request, rows), "kinds": ListingKind.choices, "states": ListingStatus.choices, "g": request.GET,
    })  # fmt: skip


def _decimal(value: str) -> Decimal | None:
    value = (value or "").strip()
    return Decimal(value) if value else None


def _listing_post(request):
    post = request.POST
    if post.get("listing"):
        listing = get_object_or_404(_listing_rows(request), pk=whole(post["listing"], 0))
        try:
            if post.get("action") in ("approve", "return"):
                submissions.review(item=listing, approve=post["action"] == "approve", note=post.get("note", ""),
                                   user=request.user)  # fmt: skip
            else:
                (services.listing_publish if post.get("action") == "publish" else services.listing_withdraw)(
                    listing=listing, user=request.user
                )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("market:listings")
    patent = Patent.objects.filter(number=post.get("number", "").strip()).first()
    if patent is None:
        messages.error(request, _("登记库中没有该申请号。"))
        return redirect("market:listings")
    holder = entity_for_user_or_404(request.user, int(post.get("holder") or 0))
    try:
        listing = Listing(
            patent=patent, holder=holder, kind=post.get("kind", ""), price=_decimal(post.get("price")),
            entry_fee=_decimal(post.get("entry_fee")), royalty_rate=_decimal(post.get("royalty_rate")),
            annual_fee=_decimal(post.get("annual_fee")), pay_after_use=post.get("pay_after_use") == "1",
            available_until=date.fromisoformat(post["available_until"]) if post.get("available_until") else None,
            description=post.get("description", ""), contact=post.get("contact", "")[:100],
        )  # fmt: skip
        if listing.kind not in ListingKind.values:
            raise ValidationError(_("请选择供给方式。"))
        services.listing_save(listing=listing, user=request.user)
        messages.success(request, _("已保存为草稿，发布后在检索、门户、接口和导出中同时可见。"))
    except (ValueError, InvalidOperation):
        messages.error(request, _("金额、比例或日期格式不正确。"))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("market:listings")


# ---------------------------------------------------------------------------------------------
# Transfer and licence records


@staff_required
def transactions(request):
    rows = _in_region(Transaction.objects.prefetch_related("patents"), request)
    if request.method == "POST":
        post = request.POST
        numbers = [
            n.strip()
            for n in post.get("numbers", "").replace("，", ",").replace("\n", ",").split(",")
            if n.strip()
        ]
        patents = list(Patent.objects.filter(number__in=numbers))
        missing = set(numbers) - {p.number for p in patents}
        try:
            if missing:
                raise ValidationError(_("登记库中没有：%(n)s") % {"n": "、".join(sorted(missing))})
            record = services.transaction_record(
                kind=post.get("kind", ""), license_type=post.get("license_type", ""), patents=patents,
                seller_name=post.get("seller_name", "").strip(), buyer_name=post.get("buyer_name", "").strip(),
                signed_on=date.fromisoformat(post.get("signed_on", "")),
                effective_on=date.fromisoformat(post.get("effective_on", "")), amount=_decimal(post.get("amount")),
                term_end=date.fromisoformat(post["term_end"]) if post.get("term_end") else None,
                registration_number=post.get("registration_number", "")[:60], region=_region(request), user=request.user,
            )  # fmt: skip
            messages.success(
                request, _("已登记，%(n)s 件专利的法律状态时间轴已更新。") % {"n": record.patents.count()}
            )
        except (ValueError, InvalidOperation):
            messages.error(request, _("日期或金额格式不正确。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("market:transactions")
    return render(request, "market/transactions.html", {
        "page": paginate(request, rows), "kinds": TransactionKind.choices, "types": LicenseType.choices,
    })  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Reverse matching


@staff_required
def reverse_page(request, pk: int):
    """找需方: the firms of the official's region for a patent the official may see, or one
    offered on the portal (a published listing is public)."""
    listed = Listing.objects.filter(status=ListingStatus.PUBLISHED).values("patent_id")
    visible = patents_for_user(request.user) | Patent.objects.filter(pk__in=listed)
    patent = get_object_or_404(visible, pk=pk)
    region = _region(request)
    if region is None:
        raise Http404(_("未设置本辖区。"))
    candidates = matching.enterprises_for(patent, region)
    if request.method == "POST":
        chosen = set(request.POST.getlist("entity"))
        picked = [c for c in candidates if str(c.entity.pk) in chosen]
        listing = Listing.objects.filter(patent=patent, status=ListingStatus.PUBLISHED).first()
        sent = services.recommendations_send(
            patent=patent, candidates=picked, listing=listing, user=request.user
        )
        messages.success(request, _("已向 %(n)s 家企业推送。") % {"n": sent})
        return redirect("market:reverse", pk=patent.pk)
    return render(
        request, "market/reverse.html", {"patent": patent, "candidates": candidates, "region": region}
    )


@login_required
def recommendations(request):
    """The patents pushed to an enterprise (its notices), or, for staff, those pushed in their region;
    the enterprise answers whether it is interested."""
    rows = Recommendation.objects.select_related("patent", "entity", "listing")
    if is_staff_user(request.user):
        rows = rows.filter(entity__region__prefix__startswith=_region(request).prefix)
    elif request.user.entity_id:
        rows = rows.filter(entity_id=request.user.entity_id)
    else:
        rows = rows.none()
    if request.method == "POST":
        recommendation = get_object_or_404(rows, pk=request.POST.get("recommendation"))
        if request.user.entity_id != recommendation.entity_id:
            raise PermissionDenied(_("只有被推送的企业可以答复。"))
        answer = request.POST.get("status", "")
        if answer in (RecommendationStatus.INTERESTED, RecommendationStatus.DECLINED):
            services.recommendation_answer(recommendation=recommendation, status=answer)
        return redirect("market:recommendations")
    return render(request, "market/recommendations.html", {"page": paginate(request, rows)})


# ---------------------------------------------------------------------------------------------
# Deals


@staff_required
def deals(request):
    rows = _in_region(Deal.objects.select_related("patent", "buyer", "seller"), request)
    return render(request, "market/deals.html", {"page": paginate(request, rows)})


@staff_required
def deal_detail(request, pk: int):
    deal = get_object_or_404(
        _in_region(Deal.objects.select_related("patent", "buyer", "seller"), request), pk=pk
    )
    if request.method == "POST":
        try:
            record = request.POST.get("transaction")
            services.deal_move(
                deal=deal, to=request.POST.get("to", ""), note=request.POST.get("note", ""),
                transaction_record_id=int(record) if record and record.isdecimal() else None, user=request.user,
            )  # fmt: skip
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("market:deal", pk=deal.pk)
    moves = [(s, DealStage(s).label) for s in DEAL_TRANSITIONS[DealStage(deal.stage)]]
    contracts = Transaction.objects.filter(patents=deal.patent).order_by("-effective_on")[:20]
    return render(request, "market/deal.html", {
        "deal": deal, "steps": deal.steps.select_related("by"), "moves": moves, "contracts": contracts,
    })  # fmt: skip


@staff_required
def pools(request):
    """Patent pools with their members, patents and the licences granted on them."""
    rows = _in_region(PatentPool.objects.prefetch_related("members"), request).annotate(
        patent_count=Count("patents", distinct=True), licence_count=Count("licences", distinct=True),
        licence_amount=Sum("licences__amount"),
    )  # fmt: skip
    licences = (
        Transaction.objects.filter(pool__in=rows).select_related("pool").order_by("-effective_on")[:100]
    )
    today = timezone.localdate()
    valid = dict(rows.annotate(n=Count("patents", filter=status_q(PatentStatus.VALID, today, prefix="patents__")))
                 .values_list("pk", "n"))  # fmt: skip
    return render(request, "market/pools.html", {
        "pools": [(p, valid.get(p.pk, 0)) for p in rows], "licences": licences, "today": today,
        "targets": _pool_targets(request, today),
    })  # fmt: skip


def _pool_targets(request, today):
    """The plans' targets on indicators counted from the pools (宜都 #22: 2 pools of ≥ 100 valid
    patents by 2027), with the board's figure today."""
    from zhichan.monitor.compute import board, context
    from zhichan.monitor.models import CountedFrom, OfficeIndicator, Target

    region = _region(request)
    codes = list(OfficeIndicator.objects.filter(counted_from=CountedFrom.POOL).values_list("code", flat=True))
    targets = Target.objects.filter(indicator__in=codes).select_related("plan__region")
    if region is not None:
        targets = targets.filter(
            Q(plan__region__prefix__startswith=region.prefix) | Q(plan__region__prefix__in=region.prefixes)
        )
    found = []
    for target in targets.order_by("deadline"):
        cell = board([target.plan.region], context(today), [target.indicator])[target.plan.region.code][
            target.indicator
        ]
        found.append((target, OfficeIndicator.objects.get(code=target.indicator), cell.value))
    return found


# ---------------------------------------------------------------------------------------------
# Stock-patent grades


@staff_required
def grades(request):
    holder = None
    if request.GET.get("holder"):
        holder = entity_for_user_or_404(request.user, whole(request.GET["holder"]))
    if request.method == "POST":
        if request.POST.get("action") == "outcome":
            grade = get_object_or_404(
                PatentGrade.objects.filter(holder__in=_holders(request)), pk=request.POST.get("grade") or 0
            )
            try:
                raw = request.POST.get("outcome_on", "")
                grading.outcome_record(grade=grade, outcome=request.POST.get("outcome", ""),
                                       on=date.fromisoformat(raw) if raw else timezone.localdate(),
                                       note=request.POST.get("outcome_note", ""), today=timezone.localdate())  # fmt: skip
            except ValueError:
                messages.error(request, _("日期格式应为 YYYY-MM-DD。"))
            except ValidationError as error:
                messages.error(request, "；".join(error.messages))
            return redirect(f"{request.path}?holder={grade.holder_id}")
        if request.POST.get("grade"):
            grade = get_object_or_404(
                PatentGrade.objects.filter(holder__in=_holders(request)), pk=request.POST["grade"]
            )
            try:
                grading.grade_override(grade=grade, to=request.POST.get("to", ""), reason=request.POST.get("reason", ""),
                                       user=request.user)  # fmt: skip
            except ValidationError as error:
                messages.error(request, "；".join(error.messages))
            return redirect(f"{request.path}?holder={grade.holder_id}")
        holder = entity_for_user_or_404(request.user, whole(request.POST.get("holder"), 0))
        n = grading.grades_compute(holder=holder, day=timezone.localdate())
        messages.success(request, _("已评定 %(n)s 件有效专利。") % {"n": n})
        return redirect(f"{request.path}?holder={holder.pk}")
    rows = (
        PatentGrade.objects.filter(holder=holder).select_related("patent")
        if holder
        else PatentGrade.objects.none()
    )
    summary = {g: rows.filter(grade=g).count() for g in "ABCD"} if holder else {}
    page = paginate(request, rows)
    for grade in page.object_list:
        grade.registry = grading.registry_since(grade)
    return render(request, "market/grades.html", {
        "holder": holder, "page": page, "summary": summary, "holders": _holders(request)[:200],
        "points": [(points, label) for points, label in grading.POINTS.values()],
        "outcomes": Outcome.choices, "outcome_counts": grading.outcome_counts(rows) if holder else [],
        "today": timezone.localdate(),
    })  # fmt: skip


def _holders(request):
    from zhichan.accounts.access import entities_for_user

    """Universities and institutes: the holders whose stock patents the campaign asks to grade."""
    return (
        entities_for_user(request.user)
        .filter(kind__in=[EntityKind.UNIVERSITY, EntityKind.INSTITUTE])
        .order_by("name")
    )


# ---------------------------------------------------------------------------------------------
# 我的供需与融资: what an enterprise or university submits itself


@login_required
def mine(request):
    entity = request.user.entity
    if entity is None:
        raise PermissionDenied(_("仅企业、高校等单位用户可提交。"))
    if request.method == "POST":
        post, action = request.POST, request.POST.get("action")
        try:
            if action == "demand":
                demand = Demand(entity=entity, title=post.get("title", "").strip()[:200], text=post.get("text", ""),
                                ipc=post.get("ipc", "").strip()[:20], budget=money_from(post.get("budget")))  # fmt: skip
                submissions.demand_submit(demand=demand, user=request.user)
                messages.success(request, _("技术需求已提交，审核通过后发布。"))
            elif action == "listing":
                patent, _number = patent_by_number(post.get("number", ""))
                if patent is None:
                    raise ValidationError(_("登记簿中没有该专利，请核对申请号。"))
                listing = Listing(
                    patent=patent, holder=entity, kind=post.get("kind", ""), price=money_from(post.get("price")),
                    entry_fee=money_from(post.get("entry_fee")), royalty_rate=money_from(post.get("royalty_rate")),
                    annual_fee=money_from(post.get("annual_fee")), pay_after_use=post.get("pay_after_use") == "1",
                    free_months=whole(post.get("free_months"), 0) or None,
                    pay_after_use_terms=post.get("pay_after_use_terms", "").strip()[:300],
                    evaluation_report=post.get("evaluation_report", "").strip()[:60],
                    evaluation_on=day_from(post.get("evaluation_on")),
                    available_until=day_from(post.get("available_until")),
                    description=post.get("description", ""), contact=post.get("contact", "")[:100],
                )  # fmt: skip
                submissions.listing_submit(listing=listing, user=request.user)
                messages.success(request, _("已提交，审核通过后在检索、门户和接口中发布。"))
            elif action == "need":
                submissions.need_submit(
                    entity=entity, amount=money_from(post.get("amount")) or Decimal("0"),
                    months=whole(post.get("months"), 0), purpose=post.get("purpose", ""), rights=post.get("rights", ""),
                    contact=post.get("contact", ""), on=timezone.localdate(), user=request.user,
                )  # fmt: skip
                messages.success(request, _("融资需求已提交，审核通过后合作银行可见。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("market:mine")
    from zhichan.finance.models import FinancingNeed

    return render(request, "market/mine.html", {
        "demands": Demand.objects.filter(entity=entity).order_by("-created_at"),
        "listings": Listing.objects.filter(holder=entity).select_related("patent").order_by("-created_at"),
        "needs": FinancingNeed.objects.filter(entity=entity),
        "accepted": Transaction.objects.filter(buyer=entity, listing__isnull=False).select_related("listing__patent"),
        "kinds": ListingKind.choices,
    })  # fmt: skip


@login_required
@require_POST
def accept(request, pk: int):
    """An enterprise accepts a published open licence on its terms: the licence is recorded."""
    if request.user.entity is None:
        raise PermissionDenied(_("仅企业、高校等单位用户可接受开放许可。"))
    listing = get_object_or_404(Listing.objects.select_related("patent", "holder", "region"), pk=pk,
                                kind=ListingKind.OPEN, status=ListingStatus.PUBLISHED)  # fmt: skip
    try:
        record = submissions.open_licence_accept(listing=listing, entity=request.user.entity, on=timezone.localdate(),
                                                 user=request.user)  # fmt: skip
        messages.success(request, _("已接受开放许可，许可自 %(d)s 起生效，已记入专利的法律状态时间轴。") % {
            "d": record.effective_on})  # fmt: skip
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("market:mine")
