"""Small helpers shared by back-office views."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property

from zhichan.accounts.access import is_staff_user

PAGE_SIZE = 50


def staff_required(view):
    """Back-office pages: officials with a region, and system administrators."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_user(request.user):
            raise PermissionDenied("仅知识产权管理部门工作人员可访问。")
        return view(request, *args, **kwargs)

    return wrapped


class CappedPage(Page):
    more = False

    def has_next(self) -> bool:
        return self.more


class CappedPaginator(Paginator):
    """Counts at most ``cap`` rows: an exact COUNT(*) over a million filtered rows costs seconds,
    stopping at the cap costs milliseconds. ``capped`` says the true count is larger; paging then
    goes on as long as there are rows (one row more than a page is fetched to know)."""

    def __init__(self, *args, cap: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: self.cap + 1].count()

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


def paginate(request, queryset, per_page: int = PAGE_SIZE, cap: int | None = None):
    if cap is not None:
        return CappedPaginator(queryset, per_page, cap=cap).get_page(request.GET.get("page"))
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def list_template(request, full: str, partial: str) -> str:
    """htmx requests that target the results get only the table partial."""
    return partial if request.htmx and request.htmx.target == "results" else full
