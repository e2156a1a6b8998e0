"""IP insurance claims and their outcome (docs/finance.md): a claim must fall within the policy's
period; what is paid, claim by claim, never passes the policy's cover; the policy's 已赔付 is the
sum of its paid claims. Premium subsidies are paid through the awards (a 保费补贴 rule)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from zhichan.accounts.models import acting
from zhichan.finance.models import InsuranceClaim, InsuranceClaimStatus, InsurancePolicy


def claim_report(*, policy: InsurancePolicy, incident_on: date, reported_on: date, description: str,
                 claimed: Decimal, user=None) -> InsuranceClaim:  # fmt: skip
    if not policy.starts_on <= incident_on <= policy.ends_on:
        raise ValidationError({"incident_on": _("出险日不在保险期间（%(a)s 至 %(b)s）内。") % {
            "a": policy.starts_on, "b": policy.ends_on}})  # fmt: skip
    if reported_on < incident_on:
        raise ValidationError({"reported_on": _("报案日不能早于出险日。")})
    if claimed <= 0:
        raise ValidationError({"claimed": _("索赔金额应大于零。")})
    if not description.strip():
        raise ValidationError({"description": _("请说明出险情况。")})
    return InsuranceClaim.objects.create(policy=policy, incident_on=incident_on, reported_on=reported_on,
                                         description=description.strip()[:500], claimed=claimed,
                                         entered_by=acting(user))  # fmt: skip


def paid_total(policy: InsurancePolicy) -> Decimal:
    found = policy.claims.filter(status=InsuranceClaimStatus.PAID).aggregate(s=Sum("paid"))["s"]
    return Decimal(found or 0).quantize(Decimal("0.01"))


@transaction.atomic
def claim_decide(
    *, claim: InsuranceClaim, paid: Decimal | None, note: str, on: date, user=None
) -> InsuranceClaim:
    """The insurer's outcome: paid (an amount) or refused (``paid`` None, with the reason)."""
    claim = InsuranceClaim.objects.select_for_update(of=("self",)).select_related("policy").get(pk=claim.pk)
    policy = InsurancePolicy.objects.select_for_update().get(pk=claim.policy_id)
    if claim.status != InsuranceClaimStatus.REPORTED:
        raise ValidationError(_("该理赔已结案。"))
    if on < claim.reported_on:
        raise ValidationError({"decided_on": _("结案日不能早于报案日。")})
    if paid is None:
        if not note.strip():
            raise ValidationError(_("拒赔须写明理由。"))
        claim.status = InsuranceClaimStatus.REFUSED
    else:
        room = policy.coverage - paid_total(policy)
        if not Decimal("0") < paid <= min(claim.claimed, room):
            raise ValidationError({"paid": _("赔付金额应大于零，且不超过索赔金额和保单剩余保额（%(r)s 元）。") % {
                "r": f"{room:,.2f}"}})  # fmt: skip
        claim.status, claim.paid = InsuranceClaimStatus.PAID, paid
    claim.decided_on, claim.note = on, note.strip()[:500]
    claim.save()
    policy.claims_paid = paid_total(policy)
    policy.save(update_fields=["claims_paid"])
    return claim
