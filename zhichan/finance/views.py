"""Pages of IP finance: the 质押信息平台 (pledges, whitelist, portfolios) for staff and banks,
the subsidy statement, the LPR table, the risk-compensation pool and insurance."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhichan.accounts.access import entities_for_user, entity_for_user_or_404, is_staff_user, office_region
from zhichan.entities.tags import tag_choices
from zhichan.finance import insurance, pool, services, subsidy
from zhichan.finance.access import (
    may_see_portfolio,
    pledge_for_user_or_404,
    pledges_for_user,
    versions_for_user,
)
from zhichan.finance.models import (
    ClaimStatus,
    FinancingNeed,
    InsurancePolicy,
    ItemKind,
    LprRate,
    NeedStatus,
    PoolEntry,
    PoolEntryKind,
    ReviewDecision,
    RiskClaim,
    SubsidyRule,
    Whitelist,
)
from zhichan.lib.export import csv_response, xlsx_response
from zhichan.lib.forms import StyledForm
from zhichan.lib.views import day_from, money_from, paginate, staff_required, whole


def _region(request):
    region = office_region(request.user)
    if region is None:
        raise PermissionDenied(_("未设置本辖区。"))
    return region


# ---------------------------------------------------------------------------------------------
# Pledges


@login_required
def pledges(request):
    rows = pledges_for_user(request.user).select_related("region").annotate(items_count=Count("items"))
    state, year, query = (
        request.GET.get("state", ""),
        request.GET.get("year", ""),
        request.GET.get("q", "").strip(),
    )
    today = timezone.localdate()
    if state == "active":
        rows = rows.filter(Q(released_on__isnull=True) | Q(released_on__gt=today), registered_on__lte=today)
    elif state == "released":
        rows = rows.filter(released_on__lte=today)
    if year.isdecimal():
        rows = rows.filter(registered_on__year=int(year))
    if query:
        rows = rows.filter(
            Q(pledgor_name__contains=query) | Q(pledgee_name__contains=query) | Q(number=query)
        )
    totals = rows.aggregate(amount=Sum("amount"), count=Count("pk"))
    if request.GET.get("format") in ("csv", "xlsx"):
        header = [
            _("登记号"),
            _("出质人"),
            _("质权人"),
            _("金额（元）"),
            _("登记生效日"),
            _("解除日"),
            _("标的数"),
            _("区划"),
        ]
        data = ([p.number, p.pledgor_name, p.pledgee_name, p.amount, p.registered_on, p.released_on, p.items_count,
                 p.region.name if p.region_id else ""] for p in rows.order_by("-registered_on").iterator())  # fmt: skip
        render_as = csv_response if request.GET["format"] == "csv" else xlsx_response
        return render_as(_("质押登记"), header, data)
    return render(request, "finance/pledges.html", {
        "page": paginate(request, rows.order_by("-registered_on", "-pk")), "totals": totals, "state": state,
        "year": year, "q": query, "staff": is_staff_user(request.user), "today": today,
    })  # fmt: skip


@login_required
def pledge_detail(request, pk: int):
    pledge = pledge_for_user_or_404(request.user, pk)
    if request.method == "POST":
        if not is_staff_user(request.user):
            raise PermissionDenied(_("仅工作人员可登记解除。"))
        try:
            services.pledge_release(
                pledge=pledge,
                released_on=date.fromisoformat(request.POST.get("released_on", "")),
                user=request.user,
            )
            messages.success(request, _("已登记解除。"))
        except (ValueError, ValidationError) as error:
            messages.error(request, "；".join(getattr(error, "messages", [_("日期格式应为 YYYY-MM-DD。")])))
        return redirect("finance:pledge", pk=pledge.pk)
    return render(request, "finance/pledge.html", {
        "pledge": pledge, "items": pledge.items.select_related("patent", "trademark"),
        "staff": is_staff_user(request.user), "today": timezone.localdate(),
        "claims": pledge.claims.all(), "may_claim": _may_claim(request.user, pledge),
    })  # fmt: skip


def _may_claim(user, pledge) -> bool:
    """The bank holding the pledge reports its default; an official may enter the bank's report."""
    return pledge.loan_start is not None and (
        is_staff_user(user) or (user.entity_id is not None and user.entity_id == pledge.pledgee_id)
    )


@login_required
@require_POST
def default_report(request, pk: int):
    """The bank reports the pledged loan overdue and claims compensation from the pool."""
    pledge = pledge_for_user_or_404(request.user, pk)
    if not _may_claim(request.user, pledge):
        raise PermissionDenied(_("仅质权银行或工作人员可报告违约。"))
    post = request.POST
    try:
        claim = pool.default_report(
            pledge=pledge, overdue_since=day_from(post.get("overdue_since", ""), _("逾期起始日"), required=True),
            outstanding=money_from(post.get("outstanding", ""), _("未偿还本金"), required=True), measures=post.get("measures", ""),
            reported_on=timezone.localdate(), user=request.user,
        )  # fmt: skip
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("finance:pledge", pk=pledge.pk)
    messages.success(request, _("已报告违约并提交风险补偿申请，等待审核。"))
    return redirect("finance:claim", pk=claim.pk)


def _claims_for(request):
    user = request.user
    rows = RiskClaim.objects.select_related("pledge", "region", "rule")
    mine = Q(pledge__in=pledges_for_user(user))
    if is_staff_user(user) and not user.is_superuser:
        return rows.filter(mine | Q(region__prefix__startswith=_region(request).prefix))
    return rows.filter(mine)


@login_required
def claims(request):
    """Risk-compensation claims: the office's pool's, a bank's own, an enterprise's loans'."""
    rows = _claims_for(request).order_by("-reported_on", "-pk")
    return render(request, "finance/claims.html", {"page": paginate(request, rows)})


@login_required
def claim_detail(request, pk: int):
    claim = get_object_or_404(_claims_for(request), pk=pk)
    staff = is_staff_user(request.user) and (
        request.user.is_superuser or claim.region.prefix.startswith(_region(request).prefix)
    )
    bank = request.user.entity_id is not None and request.user.entity_id == claim.pledge.pledgee_id
    if request.method == "POST":
        post, today = request.POST, timezone.localdate()
        action = post.get("action")
        try:
            if action in ("approve", "refuse") and staff:
                pool.claim_review(claim=claim, approve=action == "approve", note=post.get("note", ""), day=today,
                                  user=request.user)  # fmt: skip
                messages.success(request, _("已审核。"))
            elif action == "pay" and staff:
                entry = pool.compensate(claim=claim, on=day_from(post.get("on", ""), _("代偿日"), required=True),
                                        document=post.get("document", ""), user=request.user)  # fmt: skip
                messages.success(request, _("已代偿 %(a)s 元。") % {"a": f"{entry.amount:,.2f}"})
            elif action == "recover" and (staff or bank):
                entry = pool.recovery_add(claim=claim, on=day_from(post.get("on", ""), _("回收日"), required=True),
                                          recovered=money_from(post.get("recovered", ""), _("回收金额"), required=True),
                                          document=post.get("document", ""), user=request.user)  # fmt: skip
                messages.success(request, _("资金池收回 %(a)s 元。") % {"a": f"{entry.amount:,.2f}"})
            else:
                raise PermissionDenied(_("无权进行此操作。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("finance:claim", pk=claim.pk)
    paid, returned = pool.paid(claim), pool.returned(claim)
    return render(request, "finance/claim.html", {
        "claim": claim, "assessment": pool.assess(claim) if claim.rule_id else None, "staff": staff, "bank": bank,
        "paid": paid, "returned": returned, "owed": (claim.approved or 0) - paid,
        "entries": claim.entries.order_by("on", "pk"), "today": timezone.localdate(),
        "payable": claim.status in (ClaimStatus.APPROVED, ClaimStatus.PARTIAL),
    })  # fmt: skip


class PledgeForm(StyledForm, forms.Form):
    pledgor_name = forms.CharField(label=gettext_lazy("出质人"), max_length=200)
    pledgee_name = forms.CharField(label=gettext_lazy("质权人（银行）"), max_length=200)
    number = forms.CharField(label=gettext_lazy("登记号"), max_length=60, required=False)
    amount = forms.DecimalField(label=gettext_lazy("质押融资金额（元）"), max_digits=16, decimal_places=2)
    registered_on = forms.DateField(
        label=gettext_lazy("登记生效日"), widget=forms.DateInput(attrs={"type": "date"})
    )
    items = forms.CharField(
        label=gettext_lazy("质押标的"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("每行一项：类别 号码，如“专利 ZL202110345678.9”“商标 30000012”。类别：专利、商标、地理标志、著作权、数据知识产权。"),
    )  # fmt: skip
    guarantor = forms.CharField(label=gettext_lazy("担保/增信机构"), max_length=200, required=False)
    loan_amount = forms.DecimalField(
        label=gettext_lazy("贷款本金（元）"), required=False, max_digits=16, decimal_places=2
    )
    loan_start = forms.DateField(
        label=gettext_lazy("贷款起息日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    loan_end = forms.DateField(
        label=gettext_lazy("贷款到期日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    loan_rate = forms.DecimalField(
        label=gettext_lazy("贷款年利率（%）"), required=False, max_digits=6, decimal_places=4
    )

    WORDS = {"专利": ItemKind.PATENT, "商标": ItemKind.TRADEMARK, "地理标志": ItemKind.GI, "著作权": ItemKind.COPYRIGHT,
             "数据知识产权": ItemKind.DATAIP}  # fmt: skip

    def clean_items(self) -> list[services.ItemData]:
        found = []
        for n, line in enumerate(self.cleaned_data["items"].splitlines(), 1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) < 2 or parts[0] not in self.WORDS:
                raise forms.ValidationError(
                    _("第 %(n)s 行应为“类别 号码”，类别为专利、商标、地理标志、著作权或数据知识产权。")
                    % {"n": n}
                )
            found.append(services.ItemData(self.WORDS[parts[0]], parts[1]))
        return found


@staff_required
def pledge_new(request):
    form = PledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pledge = services.pledge_register(**form.cleaned_data, user=request.user, within=_region(request))
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("质押登记已记录。"))
            return redirect("finance:pledge", pk=pledge.pk)
    return render(request, "finance/form.html", {"form": form, "title": _("登记质押")})


@login_required
def portfolio(request, pk: int):
    from zhichan.entities.models import Entity

    entity = get_object_or_404(Entity.objects.select_related("region"), pk=pk)
    if not may_see_portfolio(request.user, entity):
        raise Http404(_("主体不存在或无权查看"))
    day = timezone.localdate()
    try:
        day = date.fromisoformat(request.GET["on"]) if request.GET.get("on") else day
    except ValueError as error:
        raise Http404(_("日期格式应为 YYYY-MM-DD。")) from error
    holdings = services.portfolio(entity, day)
    return render(request, "finance/portfolio.html", {
        "entity": entity, "day": day, "holdings": holdings, "whitelisted": services.whitelisted(entity, day),
        "pledges": pledges_for_user(request.user).filter(pledgor=entity).order_by("-registered_on")[:50],
        "valid": sum(1 for h in holdings if h.status == _("有效")),
    })  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Whitelist


class WhitelistForm(StyledForm, forms.Form):
    name = forms.CharField(label=gettext_lazy("名称"), max_length=200)
    tags = forms.MultipleChoiceField(
        label=gettext_lazy("具备任一标签"),
        choices=tag_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_valid_patents = forms.IntegerField(label=gettext_lazy("有效专利不少于（件）"), min_value=0, initial=1)
    min_valid_inventions = forms.IntegerField(
        label=gettext_lazy("有效发明专利不少于（件）"), min_value=0, initial=0
    )
    min_high_value = forms.IntegerField(
        label=gettext_lazy("高价值发明专利不少于（件）"), min_value=0, initial=0
    )
    min_trademarks = forms.IntegerField(
        label=gettext_lazy("有效注册商标不少于（件）"), min_value=0, initial=0
    )


@staff_required
def whitelists(request):
    region = _region(request)
    form = WhitelistForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        name = data.pop("name")
        whitelist = services.whitelist_build(name=name, region=region, criteria=data, user=request.user)
        messages.success(
            request, _("已按条件筛出 %(n)s 家候选企业，请逐一审核。") % {"n": whitelist.candidates.count()}
        )
        return redirect("finance:whitelist", pk=whitelist.pk)
    drafts = Whitelist.objects.filter(region__prefix__startswith=region.prefix).annotate(
        n=Count("candidates")
    )
    return render(request, "finance/whitelists.html", {
        "form": form, "drafts": drafts, "versions": versions_for_user(request.user).select_related("whitelist")[:50],
    })  # fmt: skip


@staff_required
def whitelist_detail(request, pk: int):
    region = _region(request)
    whitelist = get_object_or_404(Whitelist, pk=pk, region__prefix__startswith=region.prefix)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "review":
                candidate = get_object_or_404(whitelist.candidates, pk=request.POST.get("candidate"))
                services.candidate_review(
                    candidate=candidate, decision=request.POST.get("decision", ""), note=request.POST.get("note", ""),
                    user=request.user,
                )  # fmt: skip
            elif action == "add":
                entity = entity_for_user_or_404(request.user, whole(request.POST.get("entity"), 0))
                services.whitelist_add(
                    whitelist=whitelist, entity=entity, note=request.POST.get("note", ""), user=request.user
                )
            elif action == "include_all":
                whitelist.candidates.filter(decision=ReviewDecision.PENDING).update(
                    decision=ReviewDecision.INCLUDED, reviewed_by=request.user
                )
            elif action == "publish":
                version = services.whitelist_publish(
                    whitelist=whitelist, published_on=date.fromisoformat(request.POST.get("published_on", "")),
                    user=request.user,
                )  # fmt: skip
                messages.success(request, _("已发布第 %(n)s 批。") % {"n": version.number})
                return redirect("finance:version", pk=version.pk)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        except ValueError:
            messages.error(request, _("日期或编号格式不正确。"))
        return redirect("finance:whitelist", pk=whitelist.pk)
    candidates = whitelist.candidates.select_related("entity__region", "reviewed_by")
    return render(request, "finance/whitelist.html", {
        "whitelist": whitelist, "candidates": candidates, "criteria_text": _criteria_text(whitelist.criteria), "pending": candidates.filter(decision=ReviewDecision.PENDING).count(),
        "today": timezone.localdate(),
    })  # fmt: skip


def _criteria_text(criteria: dict) -> list[str]:
    tags = dict(tag_choices())
    said = []
    for key, value in criteria.items():
        if value and key in services.CRITERIA_LABELS:
            if isinstance(value, list):
                shown = "、".join(str(tags.get(t, t)) for t in value)
            else:
                shown = _("是") if value is True else value
            said.append(f"{services.CRITERIA_LABELS[key]}：{shown}")
    return said


@login_required
def version_detail(request, pk: int):
    version = get_object_or_404(versions_for_user(request.user).select_related("whitelist__region"), pk=pk)
    tags = dict(tag_choices())
    if request.GET.get("format") in ("csv", "xlsx"):
        header = [
            _("企业名称"),
            _("统一社会信用代码"),
            _("所在区划"),
            _("有效专利"),
            _("有效发明"),
            _("高价值发明"),
            _("有效商标"),
            _("标签"),
        ]
        rows = ([e["name"], e["credit_code"], e["region"], e["figures"].get("valid_patents"),
                 e["figures"].get("valid_inventions"), e["figures"].get("high_value"), e["figures"].get("trademarks"),
                 "、".join(str(tags.get(t, t)) for t in e["figures"].get("tags", []))] for e in version.entries)  # fmt: skip
        render_as = csv_response if request.GET["format"] == "csv" else xlsx_response
        return render_as(f"{version.whitelist.name}_第{version.number}批", header, rows)
    return render(request, "finance/version.html", {"version": version, "tags": tags})


# ---------------------------------------------------------------------------------------------
# Subsidy, LPR, pool, insurance


@login_required
def subsidy_page(request):
    entities = entities_for_user(request.user)
    statement = entity = None
    year = request.GET.get("year") or str(timezone.localdate().year)
    if request.GET.get("entity"):
        entity = get_object_or_404(entities.select_related("region"), pk=request.GET["entity"])
        if not year.isdecimal():
            raise Http404(_("年份不正确。"))
        statement = subsidy.statement(entity, int(year))
    borrowers = entities.filter(pledges__loan_start__isnull=False).distinct().order_by("name")[:500]
    return render(request, "finance/subsidy.html", {
        "statement": statement, "entity": entity, "year": year, "borrowers": borrowers,
        "rules": SubsidyRule.objects.select_related("region").order_by("-valid_from")[:50],
    })  # fmt: skip


@staff_required
def lpr_page(request):
    if request.method == "POST":
        try:
            services.lpr_enter(
                effective_on=date.fromisoformat(request.POST.get("effective_on", "")),
                one_year=Decimal(request.POST.get("one_year", "")), five_year=Decimal(request.POST.get("five_year", "")),
                source=request.POST.get("source", ""), user=request.user,
            )  # fmt: skip
            messages.success(request, _("已录入。"))
        except (ValueError, InvalidOperation):
            messages.error(request, _("日期或利率格式不正确。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("finance:lpr")
    return render(
        request,
        "finance/lpr.html",
        {"rates": LprRate.objects.select_related("entered_by").order_by("-effective_on")},
    )


MANUAL_KINDS = (
    PoolEntryKind.FUNDING,
    PoolEntryKind.INTEREST,
    PoolEntryKind.REFUND,
)  # claims record the others


@staff_required
def pool_page(request):
    region = _region(request)
    if request.method == "POST":
        try:
            if request.POST.get("kind") not in MANUAL_KINDS:
                raise ValidationError(_("代偿和追偿回收在风险补偿申请中办理。"))
            services.pool_entry_add(
                region=region, on=date.fromisoformat(request.POST.get("on", "")), kind=request.POST.get("kind", ""),
                amount=Decimal(request.POST.get("amount", "")), counterparty=request.POST.get("counterparty", "")[:200],
                document=request.POST.get("document", "")[:100], user=request.user,
            )  # fmt: skip
            messages.success(request, _("已记账。"))
        except (ValueError, InvalidOperation):
            messages.error(request, _("日期或金额格式不正确。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("finance:pool")
    try:
        day = date.fromisoformat(request.GET["on"]) if request.GET.get("on") else timezone.localdate()
    except ValueError:
        raise Http404(_("日期格式应为 YYYY-MM-DD。")) from None
    statement = pool.statement(region, day)
    entries, balance, rows = (
        PoolEntry.objects.filter(region=region, on__lte=day).select_related("pledge", "claim"),
        Decimal("0"),
        [],
    )
    for entry in entries:
        balance += entry.signed
        rows.append((entry, balance))
    return render(request, "finance/pool.html", {
        "region": region, "rows": rows[::-1], "statement": statement, "day": day,
        "terms": pool.terms(statement.rule) if statement.rule else "",
        "kinds": [(k.value, k.label) for k in MANUAL_KINDS],
        "claims": RiskClaim.objects.filter(region=region).select_related("pledge").order_by("-reported_on", "-pk")[:50],
    })  # fmt: skip


def _policies(request):
    return InsurancePolicy.objects.filter(region__prefix__startswith=_region(request).prefix)


@staff_required
def insurance_page(request):
    policies = (
        _policies(request).select_related("insured", "product").annotate(n_claims=Count("claims"))
        .order_by("-starts_on", "-pk")
    )  # fmt: skip
    totals = policies.aggregate(
        premium=Sum("premium"), coverage=Sum("coverage"), paid=Sum("claims_paid"), n=Count("pk")
    )
    page = paginate(request, policies)
    subsidies = _subsidies([p.pk for p in page.object_list])
    return render(request, "finance/insurance.html", {
        "page": page, "totals": totals, "rows": [(p, subsidies.get(p.pk)) for p in page.object_list],
    })  # fmt: skip


def _subsidies(pks) -> dict[int, Decimal]:
    """Premium subsidies approved through the awards (a 保费补贴 rule), per policy."""
    from zhichan.awards.models import Payment

    found = {}
    for key, amount in Payment.objects.filter(key__in=[f"policy:{pk}" for pk in pks]).values_list(
        "key", "amount"
    ):
        found[int(key.split(":")[1])] = found.get(int(key.split(":")[1]), Decimal("0")) + amount
    return found


@staff_required
def insurance_policy(request, pk: int):
    policy = get_object_or_404(_policies(request).select_related("insured", "product"), pk=pk)
    if request.method == "POST":
        post = request.POST
        try:
            if post.get("action") == "report":
                insurance.claim_report(
                    policy=policy, incident_on=day_from(post.get("incident_on", ""), _("出险日"), required=True),
                    reported_on=day_from(post.get("reported_on", ""), _("报案日"), required=True), description=post.get("description", ""),
                    claimed=money_from(post.get("claimed", ""), _("索赔金额"), required=True), user=request.user,
                )  # fmt: skip
            else:
                claim = get_object_or_404(policy.claims, pk=whole(post.get("claim"), 0))
                paid = (
                    money_from(post["paid"], _("赔付金额"), required=True)
                    if post.get("action") == "pay"
                    else None
                )
                insurance.claim_decide(claim=claim, paid=paid, note=post.get("note", ""),
                                       on=day_from(post.get("on", ""), _("结案日"), required=True), user=request.user)  # fmt: skip
            messages.success(request, _("已保存。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("finance:insurance_policy", pk=policy.pk)
    return render(request, "finance/insurance_policy.html", {
        "policy": policy, "claims": policy.claims.all(), "subsidy": _subsidies([policy.pk]).get(policy.pk),
        "patents": policy.patents.all()[:100], "today": timezone.localdate(),
    })  # fmt: skip


@login_required
def whitelist_public(request):
    """Banks and enterprises: the published whitelists."""
    return render(
        request,
        "finance/versions.html",
        {"versions": versions_for_user(request.user).select_related("whitelist")[:100]},
    )


# ---------------------------------------------------------------------------------------------
# 融资需求: submitted by enterprises (我的), reviewed by the office, answered by banks


@login_required
def needs(request):
    from zhichan.accounts.models import Role
    from zhichan.market import submissions

    staff = is_staff_user(request.user)
    bank = request.user.entity if request.user.role == Role.BANK and request.user.entity_id else None
    if not staff and bank is None:
        raise PermissionDenied(_("融资需求由企业在“我的 › 供需与融资”中提交。"))
    rows = FinancingNeed.objects.select_related("entity", "region")
    rows = (rows.filter(region__prefix__startswith=_region(request).prefix) if staff and not request.user.is_superuser
            else rows if staff else rows.filter(status=NeedStatus.PUBLISHED))  # fmt: skip
    if request.method == "POST":
        need = get_object_or_404(rows, pk=whole(request.POST.get("need"), 0))
        action = request.POST.get("action")
        try:
            if staff and action in ("approve", "return"):
                submissions.review(item=need, approve=action == "approve", note=request.POST.get("note", ""),
                                   user=request.user)  # fmt: skip
            elif bank is not None and action == "answer":
                submissions.need_answer(need=need, bank=bank, text=request.POST.get("text", ""),
                                        on=timezone.localdate())  # fmt: skip
            else:
                raise PermissionDenied(_("无权进行此操作。"))
            messages.success(request, _("已保存。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("finance:needs")
    return render(
        request, "finance/needs.html", {"page": paginate(request, rows), "staff": staff, "bank": bank}
    )
