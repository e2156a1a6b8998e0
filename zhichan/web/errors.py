"""Error pages in Chinese, in the site's frame (and JSON under /api/): a user never meets Django's
bare English pages. A reason written for users (Chinese, as our Http404 and PermissionDenied
messages are) is shown; Django's own English ones are not."""

import re

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _reason(exception) -> str:
    text = str(exception or "").strip().strip("'\"")
    return text if _CJK.search(text) else ""


def _answer(request, status: int, title: str, default: str, exception=None):
    reason = _reason(exception) or default
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": reason}, status=status, json_dumps_params={"ensure_ascii": False})
    from django.urls import reverse

    from zhichan.lib.views import is_staff_user

    user = getattr(request, "user", None)
    home = (
        reverse("home")
        if user is not None and user.is_authenticated and is_staff_user(user)
        else reverse("portal:home")
    )
    context = {"status": status, "title": title, "reason": reason, "home": home}
    return render(request, "error.html", context, status=status)


@requires_csrf_token
def not_found(request, exception=None):
    return _answer(request, 404, _("页面不存在"), _("您要找的页面或记录不存在，或已被删除。"), exception)


@requires_csrf_token
def forbidden(request, exception=None):
    return _answer(
        request,
        403,
        _("无权访问"),
        _("您的账号没有查看或办理此项的权限；如需开通，请联系本单位的管理员。"),
        exception,
    )


@requires_csrf_token
def bad_request(request, exception=None):
    return _answer(request, 400, _("请求有误"), _("请求无法处理，请返回上一页重试。"))


def server_error(request):
    """Rendered with no database and no context processors: the error may be theirs."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("服务器内部错误，已记录；请稍后重试。")}, status=500,
                            json_dumps_params={"ensure_ascii": False})  # fmt: skip
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())
