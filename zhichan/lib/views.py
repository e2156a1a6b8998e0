"""Small helpers shared by back-office views."""

import hashlib
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.core.paginator import Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from zhichan.accounts.access import is_staff_user
from zhichan.lib.stamp import computed_once, data_stamp

PAGE_SIZE = 50


def requires(allowed, refusal: str):
    """A view decorator: the login page for visitors, 403 with ``refusal`` for users ``allowed``
    refuses."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user):
                raise PermissionDenied(refusal)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Back-office pages: officials with a region, and system administrators.
staff_required = requires(is_staff_user, "仅知识产权管理部门工作人员可访问。")


class CappedPage(Page):
    more = False

    def has_next(self) -> bool:
        return self.more


class CappedPaginator(Paginator):
    """Counts at most ``cap`` rows: an exact COUNT(*) over a million filtered rows costs seconds,
    stopping at the cap costs milliseconds. ``capped`` says the true count is larger; paging then
    goes on as long as there are rows (one row more than a page is fetched to know).

    The count is remembered in the shared cache under its query (scope and filters included) and
    the data stamp: the registry's lists are read far more often than written, and the count is
    the dearest part of a page (tens of milliseconds province-wide)."""

    def __init__(self, *args, cap: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        capped = self.object_list.order_by()[: self.cap + 1]
        try:
            sql, params = capped.query.sql_with_params()
        except EmptyResultSet:  # a scope of nothing
            return 0
        key = hashlib.sha256(f"{capped.db}|{sql}|{params!r}|{data_stamp()}".encode()).hexdigest()
        return computed_once(f"zhichan:count:{key}", capped.count)

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    def validate_number(self, number) -> int:
        if not self.capped:
            return super().validate_number(number)
        try:
            return max(1, int(number))
        except (TypeError, ValueError):
            raise PageNotAnInteger("页码不是整数") from None

    def page(self, number):
        if not self.capped:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        page = CappedPage(rows[: self.per_page], number, self)
        page.more = len(rows) > self.per_page
        return page


MAX_PAGE = 100_000  # 5,000,000 rows at 50 a page: more than any registry holds


def page_number(request) -> int:
    """The requested page: absent → 1; anything but a page number a list can have → 404 (a
    40-digit number would overflow the database's integer)."""
    from django.http import Http404

    raw = request.GET.get("page", "")
    if raw in ("", "1"):
        return 1
    if not raw.isdecimal() or len(raw) > 6 or not 1 <= int(raw) <= MAX_PAGE:
        raise Http404("页码无效")
    return int(raw)


def paginate(request, queryset, per_page: int = PAGE_SIZE, cap: int | None = None):
    number = page_number(request)
    if cap is not None:
        return CappedPaginator(queryset, per_page, cap=cap).get_page(number)
    return Paginator(queryset, per_page).get_page(number)


def list_template(request, full: str, partial: str) -> str:
    """htmx requests that target the results get only the table partial."""
    return partial if request.htmx and request.htmx.target == "results" else full


def whole(value, default: int = 0) -> int:
    """A whole number from a request parameter (an id, a year); anything else → 404, never a
    server error."""
    from django.http import Http404

    if value in (None, ""):
        return default
    text = str(value).strip()
    if not text.isdecimal() or len(text) > 12:
        raise Http404("参数应为整数")
    return int(text)


def day_from(value, label: str | None = None, *, required: bool = False):
    """A date from a form field (YYYY-MM-DD); None when empty (refused if ``required``); a
    refusal in Chinese naming the field otherwise."""
    from datetime import date

    from django.core.exceptions import ValidationError

    label = label or _("日期")
    if not (value or "").strip():
        if required:
            raise ValidationError(_("请填写%(f)s。") % {"f": label})
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(_("%(f)s格式应为 YYYY-MM-DD。") % {"f": label}) from None


def money_from(value, label: str | None = None, *, required: bool = False):
    """A decimal from a form field (thousands separators allowed); None when empty (refused if
    ``required``); a refusal in Chinese naming the field otherwise."""
    from decimal import Decimal, InvalidOperation

    from django.core.exceptions import ValidationError

    label = label or _("金额")
    text = (value or "").replace(",", "").strip()
    if not text:
        if required:
            raise ValidationError(_("请填写%(f)s。") % {"f": label})
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("%(f)s应为数字。") % {"f": label}) from None
