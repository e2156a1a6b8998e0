"""The person's own notices and their choice of channels; every signed-in user has both."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.validators import RegexValidator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhichan.lib.forms import StyledForm
from zhichan.lib.views import paginate
from zhichan.notices.models import SMS_BY_DEFAULT, Notice, NoticeKind, Preference


@login_required
def notice_list(request):
    rows = Notice.objects.filter(user=request.user)
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    page = paginate(request, rows)
    return render(request, "notices/list.html", {"page": page, "unread_only": unread_only})


@login_required
@require_POST
def notice_open(request, pk: int):
    """Mark read and go where the notice points (a path of this site only)."""
    notice = get_object_or_404(Notice, pk=pk, user=request.user)
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk).update(read_at=timezone.now())
    if notice.link and url_has_allowed_host_and_scheme(notice.link, allowed_hosts=None):
        return redirect(notice.link)
    return redirect("notices:list")


@login_required
@require_POST
def notice_read_all(request):
    count = Notice.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, _("已将 %(n)s 条通知标为已读。") % {"n": count})
    return redirect("notices:list")


class ContactForm(StyledForm, forms.Form):
    email = forms.EmailField(label=gettext_lazy("电子邮箱"), required=False)
    mobile = forms.CharField(
        label=gettext_lazy("手机号码"), required=False, max_length=11,
        validators=[RegexValidator(r"^1\d{10}$", gettext_lazy("请填写 11 位手机号码。"))],
    )  # fmt: skip


@login_required
def notice_settings(request):
    user = request.user
    chosen = {p.kind: p for p in Preference.objects.filter(user=user)}
    form = ContactForm(request.POST or None, initial={"email": user.email, "mobile": user.mobile})
    rows = []
    for kind in NoticeKind:
        pref = chosen.get(kind.value)
        email = pref.email if pref else True
        sms = pref.sms if pref else kind in SMS_BY_DEFAULT
        if request.method == "POST":
            email, sms = f"email_{kind.value}" in request.POST, f"sms_{kind.value}" in request.POST
        rows.append({"kind": kind.value, "label": kind.label, "email": email, "sms": sms})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user.email, user.mobile = form.cleaned_data["email"], form.cleaned_data["mobile"]
            user.save(update_fields=["email", "mobile"])
            for row in rows:
                Preference.objects.update_or_create(
                    user=user, kind=row["kind"], defaults={"email": row["email"], "sms": row["sms"]}
                )
        messages.success(request, _("通知设置已保存。"))
        return redirect("notices:settings")
    return render(request, "notices/settings.html", {"form": form, "rows": rows})
