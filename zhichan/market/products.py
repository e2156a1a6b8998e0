"""专利产品备案 and 专利密集型产品认定: an enterprise files a product with the patents it carries; the
office checks each patent against the registry on the day it decides — in force, and held by the
filer — approves (which publishes the product) or refuses with its reason; counts per year."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from zhichan.assets.models import Patent, PatentStatus
from zhichan.assets.status import status_q
from zhichan.lib.stamp import data_changed
from zhichan.market.models import PatentProduct, ProductKind, ProductStatus


def _patents(numbers: str) -> list[Patent]:
    """The patents named (application or grant numbers, one per line or separated by 、，;), each
    found in the registry; an unknown or malformed number is refused by name."""
    from zhichan.assets.services import patents_named

    found, unknown = patents_named(numbers)
    if unknown:
        raise ValidationError(
            {"patents": _("登记簿中没有这些专利：%(n)s。请核对申请号。") % {"n": "、".join(unknown)}}
        )
    if not found:
        raise ValidationError({"patents": _("请填写产品实施的专利（申请号）。")})
    return found


@transaction.atomic
def product_submit(*, entity, user, kind: str, name: str, patents: str, spec: str = "", industry: str = "",
                   description: str = "", sales: str = "", on: date) -> PatentProduct:  # fmt: skip
    if kind not in ProductKind.values:
        raise ValidationError({"kind": _("请选择备案类型。")})
    if not name.strip():
        raise ValidationError({"name": _("请填写产品名称。")})
    if entity.region_id is None:
        raise ValidationError(_("本单位的所属区划未确定，请先联系主管部门核实登记信息。"))
    amount = None
    if sales.strip():
        try:
            amount = Decimal(sales.replace(",", "").strip())
        except InvalidOperation:
            raise ValidationError({"sales": _("销售额应为数字（万元）。")}) from None
        if amount < 0 or not amount.is_finite():
            raise ValidationError({"sales": _("销售额不能为负数。")})
    found = _patents(patents)
    product = PatentProduct.objects.create(
        kind=kind, entity=entity, region=entity.region, name=name.strip()[:200], spec=spec.strip()[:200],
        industry=industry.strip()[:200], description=description.strip(), sales=amount, submitted_on=on,
        submitted_by=user if user is not None and user.is_authenticated else None,
    )  # fmt: skip
    product.patents.set(found)
    return product


def checks(product: PatentProduct, day: date) -> list[dict]:
    """Each patent of the product on ``day``: in force, and held by the filer (an applicant or
    holder the registry links to the filing entity)."""
    valid = set(product.patents.filter(status_q(PatentStatus.VALID, day)).values_list("pk", flat=True))
    held = set(product.patents.filter(applicant_links__entity=product.entity).values_list("pk", flat=True))
    return [
        {"number": p.number, "title": p.title, "kind": str(p.get_kind_display()), "valid": p.pk in valid,
         "held": p.pk in held}
        for p in product.patents.order_by("number")
    ]  # fmt: skip


@transaction.atomic
def product_decide(*, product: PatentProduct, approve: bool, reason: str, user, on: date) -> PatentProduct:
    product = PatentProduct.objects.select_for_update().get(pk=product.pk)
    if product.status != ProductStatus.SUBMITTED:
        raise ValidationError(_("该产品已审核（%(s)s）。") % {"s": product.get_status_display()})
    if on < product.submitted_on:
        raise ValidationError(_("审核日期不能早于提交日期。"))
    found = checks(product, on)
    failing = [c["number"] for c in found if not (c["valid"] and c["held"])]
    if approve and failing:
        raise ValidationError(
            _("以下专利在审核日未处于有效状态或不属于备案主体，不能通过：%(n)s。") % {"n": "、".join(failing)}
        )
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("请写明未通过的理由。")})
    product.status = ProductStatus.APPROVED if approve else ProductStatus.REJECTED
    product.decided_on, product.decided_by, product.reason, product.checks = (
        on,
        user,
        reason.strip()[:500],
        found,
    )
    product.save(update_fields=["status", "decided_on", "decided_by", "reason", "checks"])
    data_changed()  # the products counted on the board
    return product


def per_year(products) -> list[dict]:
    """Approved products per year of decision and kind."""
    rows = (
        products.filter(status=ProductStatus.APPROVED).annotate(year=ExtractYear("decided_on"))
        .values("year", "kind").annotate(n=Count("pk")).order_by("-year", "kind")
    )  # fmt: skip
    labels = dict(ProductKind.choices)
    return [{"year": r["year"], "kind": labels[r["kind"]], "n": r["n"]} for r in rows]
