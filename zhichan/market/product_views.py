"""Pages of 专利产品备案: the enterprise's own filings and the form (我的), the office's review, and
the public list of products that passed."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.accounts.access import in_office
from zhichan.lib.views import paginate, staff_required
from zhichan.market import products as svc
from zhichan.market.models import PatentProduct, ProductKind, ProductStatus


@login_required
def mine(request):
    """An enterprise's or university's filings with their status and the office's reasons."""
    if not request.user.entity_id:
        raise PermissionDenied(_("仅企业、高校用户可以备案专利产品。"))
    entity = request.user.entity
    if request.method == "POST":
        post = request.POST
        try:
            product = svc.product_submit(
                entity=entity, user=request.user, kind=post.get("kind", ""), name=post.get("name", ""),
                patents=post.get("patents", ""), spec=post.get("spec", ""), industry=post.get("industry", ""),
                description=post.get("description", ""), sales=post.get("sales", ""), on=timezone.localdate(),
            )  # fmt: skip
            messages.success(request, _("“%(n)s”已提交，主管部门审核后公布。") % {"n": product.name})
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("market:products_mine")
    rows = PatentProduct.objects.filter(entity=entity).prefetch_related("patents")
    return render(request, "market/products_mine.html", {"rows": rows, "kinds": ProductKind.choices})


@staff_required
def products(request):
    rows = in_office(PatentProduct.objects, request.user).select_related("entity", "region")
    status = request.GET.get("status", "")
    listed = rows.filter(status=status) if status in ProductStatus.values else rows
    return render(request, "market/products.html", {
        "page": paginate(request, listed.prefetch_related("patents")), "status": status,
        "statuses": ProductStatus.choices, "per_year": svc.per_year(rows),
        "waiting": rows.filter(status=ProductStatus.SUBMITTED).count(),
    })  # fmt: skip


@staff_required
def product(request, pk: int):
    item = get_object_or_404(
        in_office(PatentProduct.objects, request.user).select_related("entity", "region"), pk=pk
    )
    today = timezone.localdate()
    if request.method == "POST":
        try:
            raw = request.POST.get("on", "")
            on = date.fromisoformat(raw) if raw else today
            if on > today:
                raise ValidationError(_("审核日期不能晚于今天。"))
            svc.product_decide(product=item, approve=request.POST.get("decision") == "approve",
                               reason=request.POST.get("reason", ""), user=request.user, on=on)  # fmt: skip
        except ValueError:
            messages.error(request, _("日期格式应为 YYYY-MM-DD。"))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("market:product", pk=item.pk)
    found = item.checks if item.status != ProductStatus.SUBMITTED else svc.checks(item, today)
    return render(request, "market/product.html", {
        "p": item, "checks": found, "all_pass": all(c["valid"] and c["held"] for c in found), "today": today,
    })  # fmt: skip


def public(request):
    """公布: the products that passed, newest first (no account needed)."""
    from zhichan.portal.views import _in_home

    rows = _in_home(PatentProduct.objects.filter(status=ProductStatus.APPROVED)).select_related("entity")
    kind = request.GET.get("kind", "")
    if kind in ProductKind.values:
        rows = rows.filter(kind=kind)
    return render(request, "portal/products.html", {
        "page": paginate(request, rows.prefetch_related("patents").order_by("-decided_on", "-pk")), "kind": kind,
        "kinds": ProductKind.choices,
    })  # fmt: skip
