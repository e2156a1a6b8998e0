"""Business actions of transfer and licensing: recording contracts (which move the patents' legal
timelines), publishing listings and demands, pushing recommendations, following deals."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.accounts.models import acting
from zhichan.assets.imports import reclassify
from zhichan.assets.models import EventKind, Patent, PatentApplicant, PatentEvent, PatentStatus
from zhichan.assets.services import refresh_validity
from zhichan.assets.status import status_on
from zhichan.entities.models import Entity
from zhichan.finance.services import entity_named
from zhichan.lib.stamp import changes_data
from zhichan.market.models import (
    DEAL_TRANSITIONS,
    Deal,
    DealStage,
    DealStep,
    Demand,
    DemandStatus,
    LicenseType,
    Listing,
    ListingKind,
    ListingStatus,
    PatentPool,
    Recommendation,
    Transaction,
    TransactionKind,
)
from zhichan.regions.models import Region


@changes_data
@transaction.atomic
def transaction_record(
    *, kind: str, patents: list[Patent], seller_name: str, buyer_name: str, signed_on: date, effective_on: date,
    region: Region, license_type: str = "", amount: Decimal | None = None, term_end: date | None = None,
    registration_number: str = "", pool: PatentPool | None = None, note: str = "", user=None,
) -> Transaction:  # fmt: skip
    """Record a transfer or licence and put its event on each patent's timeline.

    A transfer to a holder registered in another region also records the move (region before and
    after), so that figures as of earlier dates still count the patent where it was."""
    if kind not in TransactionKind.values:
        raise ValidationError({"kind": _("类型只能是转让、许可或作价入股。")})
    if kind == TransactionKind.INVESTMENT and (amount is None or amount <= 0):
        raise ValidationError({"amount": _("作价入股须写明作价金额。")})
    if kind == TransactionKind.LICENSE and license_type not in LicenseType.values:
        raise ValidationError({"license_type": _("许可须注明许可方式。")})
    if not patents:
        raise ValidationError({"patents": _("至少选择一件专利。")})
    if effective_on < signed_on:
        raise ValidationError({"effective_on": _("生效日不能早于合同签订日。")})
    if term_end is not None and term_end <= effective_on:
        raise ValidationError({"term_end": _("许可期限应晚于生效日。")})
    if amount is not None and amount < 0:
        raise ValidationError({"amount": _("金额不能为负。")})
    event_kind = (
        EventKind.LICENSE if kind == TransactionKind.LICENSE else EventKind.TRANSFER
    )  # 作价入股 moves the right
    for patent in patents:
        state = status_on(patent, effective_on)
        if kind == TransactionKind.LICENSE and state != PatentStatus.VALID:
            raise ValidationError({"patents": _("专利 %(n)s 在 %(d)s 不是有效专利，不能许可。") % {
                "n": patent.number, "d": effective_on}})  # fmt: skip
        if state is None:
            raise ValidationError(
                {"patents": _("专利 %(n)s 在 %(d)s 尚未申请。") % {"n": patent.number, "d": effective_on}}
            )
        if PatentEvent.objects.filter(patent=patent, kind=event_kind, effective_on=effective_on).exists():
            raise ValidationError({"patents": _("专利 %(n)s 在 %(d)s 已有一次%(k)s记录。") % {
                "n": patent.number, "d": effective_on, "k": EventKind(event_kind).label}})  # fmt: skip
    seller, buyer = entity_named(seller_name), entity_named(buyer_name)
    record = Transaction.objects.create(
        kind=kind, license_type=license_type if kind == TransactionKind.LICENSE else "", seller=seller,
        seller_name=seller_name, buyer=buyer, buyer_name=buyer_name, amount=amount, signed_on=signed_on,
        effective_on=effective_on, term_end=term_end, registration_number=registration_number, pool=pool,
        region=seller.region if seller and seller.region_id else region, note=note, created_by=acting(user),
    )  # fmt: skip
    record.patents.set(patents)
    label = {
        TransactionKind.TRANSFER: _("转让：%(a)s → %(b)s"), TransactionKind.INVESTMENT: _("作价入股：%(a)s → %(b)s"),
    }.get(kind, _("%(t)s：%(a)s → %(b)s")) % {
        "a": seller_name, "b": buyer_name, "t": LicenseType(license_type).label if license_type else "",
    }  # fmt: skip
    for patent in patents:
        event = PatentEvent(
            patent=patent, kind=event_kind, effective_on=effective_on, detail=label[:500], amount=amount
        )
        if kind != TransactionKind.LICENSE and buyer is not None:
            _transfer_holder(patent, buyer, event)
        event.save()
    ids = [p.pk for p in patents]
    refresh_validity(ids)
    reclassify(ids)
    return record


def _transfer_holder(patent: Patent, buyer: Entity, event: PatentEvent) -> None:
    """The buyer becomes the sole patentee; a move to another region is recorded on the event."""
    if buyer.region_id and patent.region_id and buyer.region_id != patent.region_id:
        event.region_before_id, event.region_after_id = patent.region_id, buyer.region_id
    PatentApplicant.objects.filter(patent=patent).delete()
    PatentApplicant.objects.create(
        patent=patent, position=1, name=buyer.name, entity=buyer, granted_on=patent.granted_on,
        ended_on=patent.ended_on,
    )  # fmt: skip
    Patent.objects.filter(pk=patent.pk).update(
        applicants=buyer.name, first_applicant=buyer, region_id=buyer.region_id or patent.region_id,
        address=buyer.address or patent.address, updated_at=timezone.now(),
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Listings and demands


def holds(entity: Entity, patent: Patent) -> bool:
    return PatentApplicant.objects.filter(patent=patent, entity=entity).exists()


def listing_save(*, listing: Listing, user=None) -> Listing:
    """Validate and save a listing (new or edited draft)."""
    if not holds(listing.holder, listing.patent):
        raise ValidationError({"patent": _("%(e)s 不是该专利的专利权人。") % {"e": listing.holder}})
    today = timezone.localdate()
    if status_on(listing.patent, today) != PatentStatus.VALID:
        raise ValidationError({"patent": _("只有有效专利可以挂牌或开放许可。")})
    if listing.kind == ListingKind.OPEN:
        if listing.entry_fee is None and listing.royalty_rate is None and listing.annual_fee is None:
            raise ValidationError(
                {"royalty_rate": _("开放许可须公布许可使用费标准（入门费、提成比例或年费）。")}
            )
        if listing.available_until is None:
            raise ValidationError({"available_until": _("开放许可须写明许可期限。")})
    if listing.royalty_rate is not None and not Decimal("0") <= listing.royalty_rate <= Decimal("100"):
        raise ValidationError({"royalty_rate": _("提成比例应在 0 到 100 之间。")})
    if listing.available_until and listing.available_until <= today:
        raise ValidationError({"available_until": _("有效期应晚于今天。")})
    listing.region = listing.holder.region or listing.patent.region
    if listing.region is None:
        raise ValidationError({"holder": _("无法确定权利人所在区划。")})
    if listing.created_by_id is None:
        listing.created_by = acting(user)
    listing.save()
    return listing


def listing_publish(*, listing: Listing, user=None) -> Listing:
    if listing.status != ListingStatus.DRAFT:
        raise ValidationError(_("只有草稿可以发布。"))
    listing_save(listing=listing, user=user)
    listing.status, listing.published_at = ListingStatus.PUBLISHED, timezone.now()
    listing.save(update_fields=["status", "published_at"])
    return listing


def listing_withdraw(*, listing: Listing, user=None) -> Listing:
    if listing.status != ListingStatus.PUBLISHED:
        raise ValidationError(_("只有已发布的供给可以撤回。"))
    listing.status = ListingStatus.WITHDRAWN
    listing.save(update_fields=["status"])
    return listing


def demand_save(*, demand: Demand, user=None) -> Demand:
    if len(demand.text.strip()) < 10:
        raise ValidationError({"text": _("请把需求写具体：要解决的问题、指标和应用场景（至少10个字）。")})
    if demand.budget is not None and demand.budget < 0:
        raise ValidationError({"budget": _("预算不能为负。")})
    demand.region = demand.entity.region
    if demand.region is None:
        raise ValidationError({"entity": _("需求方没有所在区划。")})
    if demand.created_by_id is None:
        demand.created_by = acting(user)
    demand.save()
    return demand


def demand_publish(*, demand: Demand, user=None) -> Demand:
    if demand.status != DemandStatus.DRAFT:
        raise ValidationError(_("只有草稿可以发布。"))
    demand.status, demand.published_at = DemandStatus.PUBLISHED, timezone.now()
    demand.save(update_fields=["status", "published_at"])
    return demand


def demand_close(*, demand: Demand, user=None) -> Demand:
    demand.status = DemandStatus.CLOSED
    demand.save(update_fields=["status"])
    return demand


# ---------------------------------------------------------------------------------------------
# Recommendations (reverse matching's notices)


def recommendations_send(*, patent: Patent, candidates, listing: Listing | None = None, user=None) -> int:
    """Notify the chosen enterprises of a patent with the reasons; each enterprise once per patent."""
    sent = 0
    for candidate in candidates:
        _made, created = Recommendation.objects.get_or_create(
            patent=patent, entity=candidate.entity,
            defaults=dict(listing=listing, score=candidate.score, reasons=candidate.reasons, sent_by=acting(user)),
        )  # fmt: skip
        sent += created
    return sent


def recommendation_answer(*, recommendation: Recommendation, status: str) -> Recommendation:
    recommendation.status = status
    recommendation.save(update_fields=["status"])
    return recommendation


# ---------------------------------------------------------------------------------------------
# Deals


@transaction.atomic
def deal_start(
    *, patent: Patent, buyer: Entity, region: Region, demand: Demand | None = None, listing: Listing | None = None,
    note: str = "", user=None,
) -> Deal:  # fmt: skip
    holder = PatentApplicant.objects.filter(patent=patent, entity__isnull=False).order_by("position").first()
    deal = Deal.objects.create(
        patent=patent, buyer=buyer, seller=holder.entity if holder else None, demand=demand, listing=listing,
        region=buyer.region or region, created_by=acting(user),
    )  # fmt: skip
    DealStep.objects.create(deal=deal, to_stage=DealStage.CONTACT, note=note, by=acting(user))
    return deal


@transaction.atomic
def deal_move(
    *, deal: Deal, to: str, note: str = "", transaction_record_id: int | None = None, user=None
) -> Deal:
    """Move a deal along its transitions (models.DEAL_TRANSITIONS); anything else is refused.
    Closing as done needs the recorded contract; closing either way needs a note."""
    deal = Deal.objects.select_for_update().get(pk=deal.pk)
    if to not in DEAL_TRANSITIONS[DealStage(deal.stage)]:
        raise ValidationError(
            _("不能从“%(a)s”转到“%(b)s”。") % {"a": deal.get_stage_display(), "b": DealStage(to).label}
        )
    if to == DealStage.DONE:
        record = Transaction.objects.filter(pk=transaction_record_id, patents=deal.patent).first()
        if record is None:
            raise ValidationError(_("成交须关联已登记的转让或许可合同（含该专利）。"))
        deal.transaction = record
    if to in (DealStage.DONE, DealStage.FAILED) and not note.strip():
        raise ValidationError(_("结束跟进须填写结果说明。"))
    DealStep.objects.create(deal=deal, from_stage=deal.stage, to_stage=to, note=note, by=acting(user))
    deal.stage = to
    if to in (DealStage.DONE, DealStage.FAILED):
        deal.outcome = note
    deal.save()
    if to == DealStage.DONE and deal.listing_id:
        Listing.objects.filter(pk=deal.listing_id, kind__in=[ListingKind.TRANSFER]).update(
            status=ListingStatus.CLOSED
        )
    return deal
