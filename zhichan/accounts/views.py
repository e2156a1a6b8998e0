"""The user's own account: log in, change the password, make and revoke API tokens."""

from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichan.accounts import login, tokens
from zhichan.accounts.models import ApiToken


class PolicyMessages:
    """Tells the user in Chinese why an attempt was refused (``login.refusal``)."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            refused = login.refusal(self.request)
            if refused:
                raise ValidationError(refused, code="throttled") from None
            raise


class LoginForm(PolicyMessages, AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。"),
        "inactive": _("该账号已停用。"),
    }


class AdminLoginForm(PolicyMessages, AdminAuthenticationForm):
    """The admin's login: staff only, as Django's, under the same policy."""


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    form_class = LoginForm

    def form_invalid(self, form):
        throttled = any(e.code == "throttled" for e in form.non_field_errors().as_data())
        return self.render_to_response(self.get_context_data(form=form), status=429 if throttled else 200)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password.html"
    success_url = reverse_lazy("password_done")
    form_class = PasswordChangeForm


@login_required
def password_done(request):
    messages.success(request, _("密码已修改。"))
    return redirect("api_tokens")


@login_required
def api_tokens(request):
    """The user's own API tokens: a new one is shown once; any can be revoked."""
    created = None
    if request.method == "POST":
        _token, created = tokens.token_create(user=request.user, name=request.POST.get("name", ""))
    rows = ApiToken.objects.filter(user=request.user)
    return render(
        request, "accounts/tokens.html", {"tokens": rows, "created": created, "now": timezone.now()}
    )


@login_required
@require_POST
def api_token_revoke(request, pk: int):
    tokens.token_revoke(token=get_object_or_404(ApiToken, pk=pk, user=request.user))
    messages.success(request, _("令牌已撤销。"))
    return redirect("api_tokens")
