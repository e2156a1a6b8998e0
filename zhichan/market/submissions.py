"""What enterprises and universities submit themselves (我的 → 供需与融资): technology demands,
patents offered for transfer or licence, 开放许可 declarations (with the 专利权评价报告 a utility
model or design needs, and 先使用后付费 terms), and financing needs. Nothing is published before the
office reviews it; a return carries the reason; the submitter sees each status. Accepting a
published open licence records the licence on the patent's timeline (docs/matching.md)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.accounts.models import acting
from zhichan.assets.models import PatentKind
from zhichan.finance.models import FinancingNeed, NeedStatus
from zhichan.market import services
from zhichan.market.models import (
    Demand,
    DemandStatus,
    LicenseType,
    Listing,
    ListingKind,
    ListingStatus,
    Transaction,
    TransactionKind,
)

NEEDS_REPORT = (PatentKind.UTILITY, PatentKind.DESIGN)


def listing_check(listing: Listing) -> None:
    """Terms a declaration must carry beyond `services.listing_save`'s."""
    if (
        listing.kind == ListingKind.OPEN
        and listing.patent.kind in NEEDS_REPORT
        and not listing.evaluation_report.strip()
    ):
        raise ValidationError({"evaluation_report": _(
            "实用新型、外观设计专利声明开放许可，须提供专利权评价报告（专利法第五十条）。")})  # fmt: skip
    if listing.evaluation_on is not None and listing.evaluation_on > timezone.localdate():
        raise ValidationError({"evaluation_on": _("评价报告作出日不能晚于今天。")})
    if listing.pay_after_use and not listing.free_months:
        raise ValidationError({"free_months": _("先使用后付费须写明先使用期（月）。")})
    if not listing.pay_after_use and (listing.free_months or listing.pay_after_use_terms.strip()):
        raise ValidationError({"pay_after_use": _("填写了先使用期或约定，请勾选先使用后付费。")})


@transaction.atomic
def listing_submit(*, listing: Listing, user=None) -> Listing:
    """The holder submits the offer or declaration for review."""
    if listing.kind not in ListingKind.values:
        raise ValidationError({"kind": _("请选择供给方式。")})
    listing_check(listing)
    listing.status = ListingStatus.SUBMITTED
    return services.listing_save(listing=listing, user=user)


@transaction.atomic
def demand_submit(*, demand: Demand, user=None) -> Demand:
    if not demand.title.strip():
        raise ValidationError({"title": _("请填写需求名称。")})
    demand.status = DemandStatus.SUBMITTED
    return services.demand_save(demand=demand, user=user)


def need_submit(*, entity, amount: Decimal, months: int, purpose: str, rights: str, contact: str, on: date,
                user=None) -> FinancingNeed:  # fmt: skip
    if amount <= 0 or not 1 <= months <= 120:
        raise ValidationError(_("融资金额应大于零，期限为 1 到 120 个月。"))
    if not (purpose.strip() and rights.strip() and contact.strip()):
        raise ValidationError(_("请填写资金用途、可质押的知识产权和联系人。"))
    if entity.region_id is None:
        raise ValidationError(_("本单位没有所在区划，请联系知识产权管理部门。"))
    return FinancingNeed.objects.create(
        entity=entity, region=entity.region, amount=amount, months=months, purpose=purpose.strip()[:300],
        rights=rights.strip()[:500], contact=contact.strip()[:100], submitted_on=on, created_by=acting(user),
    )  # fmt: skip


SUBMITTED = {Listing: ListingStatus, Demand: DemandStatus, FinancingNeed: NeedStatus}


@transaction.atomic
def review(*, item, approve: bool, note: str, user=None):
    """The office publishes a submission or returns it with the reason."""
    states = SUBMITTED[type(item)]
    if item.status != states.SUBMITTED:
        raise ValidationError(_("只有待审核的提交可以审核。"))
    if not approve and not note.strip():
        raise ValidationError(_("退回须写明原因。"))
    item.review_note = note.strip()[:300]
    if approve:
        item.status = states.PUBLISHED
        if isinstance(item, FinancingNeed):
            item.published_on = timezone.localdate()
        else:
            item.published_at = timezone.now()
            if isinstance(item, Listing):
                listing_check(item)
                services.listing_save(listing=item, user=user)  # still valid and held today
    else:
        item.status = states.RETURNED
    item.save()
    return item


def need_answer(*, need: FinancingNeed, bank, text: str, on: date) -> FinancingNeed:
    """A bank answers a published need (意向额度、联系人): kept with the need for the enterprise."""
    if need.status != NeedStatus.PUBLISHED:
        raise ValidationError(_("该融资需求未发布或已关闭。"))
    if not text.strip():
        raise ValidationError(_("请填写回应内容。"))
    need.answers = [*need.answers, {"bank": bank.name, "text": text.strip()[:300], "on": on.isoformat()}]
    need.save(update_fields=["answers"])
    return need


def open_licence_accept(*, listing: Listing, entity, on: date, user=None) -> Transaction:
    """Accepting a published open licence: the licence is concluded on the published terms
    (专利法第五十一条) and recorded as an open licence on the patent's timeline."""
    listing = Listing.objects.select_related("patent", "holder", "region").get(pk=listing.pk)
    if listing.kind != ListingKind.OPEN or listing.status != ListingStatus.PUBLISHED:
        raise ValidationError(_("该专利没有已发布的开放许可声明。"))
    if listing.available_until is not None and listing.available_until < on:
        raise ValidationError(_("开放许可声明已于 %(d)s 到期。") % {"d": listing.available_until})
    if entity.pk == listing.holder_id:
        raise ValidationError(_("专利权人不能接受自己的开放许可。"))
    if listing.acceptances.filter(buyer=entity).filter(term_end__gte=on).exists():
        raise ValidationError(_("本单位已接受该开放许可，许可仍在期限内。"))
    terms = [
        _("入门费 %(v)s 元") % {"v": f"{listing.entry_fee:,.2f}"} if listing.entry_fee is not None else "",
        _("提成 %(v)s%%") % {"v": f"{listing.royalty_rate.normalize():f}"}
        if listing.royalty_rate is not None
        else "",
        _("年费 %(v)s 元") % {"v": f"{listing.annual_fee:,.2f}"} if listing.annual_fee is not None else "",
        _("先使用 %(m)s 个月后付费") % {"m": listing.free_months} if listing.pay_after_use else "",
    ]
    record = services.transaction_record(
        kind=TransactionKind.LICENSE, license_type=LicenseType.OPEN, patents=[listing.patent],
        seller_name=listing.holder.name, buyer_name=entity.name, signed_on=on, effective_on=on,
        term_end=listing.available_until, amount=listing.entry_fee, region=listing.region,
        note=(_("接受开放许可：") + "，".join(t for t in terms if t))[:500], user=user,
    )  # fmt: skip
    Transaction.objects.filter(pk=record.pk).update(listing=listing)
    record.listing = listing
    return record
