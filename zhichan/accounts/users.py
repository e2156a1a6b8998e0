"""The office's own accounts: an office administrator creates, changes, deactivates and resets the
passwords of the users of the office's region (and its subtree), and sets which duties the office
keeps apart (``duties.py``). Every change goes to the audit trail under the user's region."""

from auditlog.models import LogEntry
from django import forms
from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from zhichan.accounts import duties
from zhichan.accounts.access import (
    admin_region,
    can_manage_users,
    entities_for_admin,
    regions_for_user,
    users_for_admin,
)
from zhichan.accounts.models import Procedure, Role, Separation, User
from zhichan.lib.forms import StyledForm
from zhichan.lib.views import paginate, requires
from zhichan.regions.models import Level
from zhichan.setup.fields import EntityRefField

ENTITY_ROLES = {Role.ENTERPRISE, Role.BANK, Role.AGENCY}


# Pages of the office administrator (and of system administrators).
admin_required = requires(can_manage_users, "仅本单位管理员可访问。")


class UserForm(StyledForm, forms.ModelForm):
    entity_ref = EntityRefField(
        label=gettext_lazy("所属主体"),
        required=False,
        max_length=200,
        help_text=gettext_lazy(
            "企业、金融机构、服务机构用户必填；专家可填所在单位。填统一社会信用代码或主体全称。"
        ),
    )

    class Meta:
        model = User
        fields = [
            "username",
            "display_name",
            "role",
            "region",
            "entity_ref",
            "mobile",
            "office_admin",
            "is_active",
        ]
        labels = {"is_active": gettext_lazy("账号启用"), "region": gettext_lazy("区划")}
        help_texts = {
            "username": gettext_lazy("登录用，150 个字符以内：字母、数字、汉字和 @ . + - _。"),
            "region": gettext_lazy(
                "管理部门工作人员的管辖区划；专家登记所属区划。企业等用户以所属主体的区划为准。"
            ),
            "is_active": gettext_lazy("停用后不能登录，历史记录保留。"),
        }

    def __init__(self, *args, admin: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.admin = admin
        self.fields["region"].queryset = (
            regions_for_user(admin).exclude(level=Level.TOWNSHIP).order_by("prefix")
        )
        self.fields["region"].required = False
        self.fields["region"].label_from_instance = lambda r: f"{r.code} {r.name}"
        self.fields["entity_ref"].scope = entities_for_admin(admin)
        if self.instance.pk and self.instance.entity_id:
            entity = self.instance.entity
            self.initial["entity_ref"] = entity.pk
            self.fields["entity_ref"].help_text = _("当前：%(n)s。") % {"n": entity.name} + str(
                self.fields["entity_ref"].help_text
            )
        if self.instance.pk == admin.pk:
            # Nobody removes their own rights or locks themselves out.
            for name in ("role", "region", "office_admin", "is_active"):
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        role = data.get("role")
        entity = data.get("entity_ref")
        if role == Role.OFFICIAL:
            if data.get("region") is None:
                self.add_error("region", _("管理部门工作人员须选择管辖区划。"))
            if entity is not None:
                self.add_error("entity_ref", _("管理部门工作人员不属于某个主体，请留空。"))
        elif role in ENTITY_ROLES:
            if entity is None and "entity_ref" not in self.errors:
                self.add_error("entity_ref", _("该角色须填写所属主体。"))
            data["region"] = None  # the entity's region is the user's
        elif role == Role.EXPERT and data.get("region") is None and entity is None:
            self.add_error("region", _("专家须选择所属区划或填写所在单位。"))
        if role != Role.OFFICIAL:
            data["office_admin"] = False
        data["entity"] = entity
        return data

    def save(self, commit=True):
        user = super().save(commit=False)
        user.entity = self.cleaned_data["entity"]
        user.region = self.cleaned_data.get("region")
        user.office_admin = self.cleaned_data.get("office_admin", False)
        if commit:
            user.save()
        return user


class NewUserForm(UserForm):
    password1 = forms.CharField(label=gettext_lazy("初始密码"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(
        label=gettext_lazy("再次输入初始密码"), widget=forms.PasswordInput, strip=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["is_active"]  # a new account is active

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif first:
            try:
                validate_password(
                    first,
                    User(username=data.get("username") or "", display_name=data.get("display_name") or ""),
                )
            except ValidationError as error:
                self.add_error("password1", error)
        return data

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class FilterForm(StyledForm, forms.Form):
    q = forms.CharField(label=gettext_lazy("用户名或姓名"), required=False)
    role = forms.ChoiceField(
        label=gettext_lazy("角色"), required=False, choices=[("", gettext_lazy("全部角色")), *Role.choices]
    )
    state = forms.ChoiceField(
        label=gettext_lazy("状态"),
        required=False,
        choices=[
            ("", gettext_lazy("全部")),
            ("active", gettext_lazy("启用")),
            ("inactive", gettext_lazy("停用")),
        ],
    )


@admin_required
def user_list(request):
    rows = users_for_admin(request.user).select_related("region", "entity", "entity__region")
    form = FilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            rows = rows.filter(Q(username__icontains=data["q"]) | Q(display_name__icontains=data["q"]))
        if data["role"]:
            rows = rows.filter(role=data["role"])
        if data["state"]:
            rows = rows.filter(is_active=data["state"] == "active")
    page = paginate(request, rows.order_by("role", "username"))
    return render(
        request, "accounts/users.html", {"page": page, "form": form, "scope": admin_region(request.user)}
    )


@admin_required
@require_http_methods(["GET", "POST"])
def user_new(request):
    form = NewUserForm(
        request.POST or None, admin=request.user, initial={"region": admin_region(request.user)}
    )
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(
            request, _("已创建用户“%(u)s”。请将初始密码当面或以安全方式交给本人。") % {"u": user.username}
        )
        return redirect("users")
    return render(request, "accounts/user_form.html", {"form": form, "account": None})


@admin_required
@require_http_methods(["GET", "POST"])
def user_edit(request, pk: int):
    account = get_object_or_404(users_for_admin(request.user), pk=pk)
    form = UserForm(request.POST or None, instance=account, admin=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("已保存。"))
        return redirect("users")
    return render(request, "accounts/user_form.html", {"form": form, "account": account})


class ResetForm(StyledForm, SetPasswordForm):
    pass


@admin_required
@require_http_methods(["GET", "POST"])
def user_password(request, pk: int):
    account = get_object_or_404(users_for_admin(request.user), pk=pk)
    form = ResetForm(account, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()  # the user's sessions end: their hash no longer matches
            LogEntry.objects.log_create(
                account,
                action=LogEntry.Action.UPDATE,
                changes={"password": ["", _("由管理员重置")]},
                additional_data=account.get_additional_data(),
            )
        messages.success(
            request, _("已重置“%(u)s”的密码，其已登录的会话随之失效。") % {"u": account.username}
        )
        return redirect("users")
    return render(request, "accounts/user_password.html", {"form": form, "account": account})


class SeparationForm(StyledForm, forms.Form):
    enforced = forms.BooleanField(label=gettext_lazy("启用"), required=False)
    reason = forms.CharField(label=gettext_lazy("不启用的理由"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if not data.get("enforced") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("不启用职责分离须写明理由。"))
        return data


@admin_required
@require_http_methods(["GET", "POST"])
def separation(request):
    """The office's separation of duties, one row per procedure."""
    region = admin_region(request.user)
    if region is None:  # a system administrator: the office's home region
        from zhichan.accounts.access import office_region

        region = office_region(request.user)
    own = {s.procedure: s for s in Separation.objects.filter(region=region)}
    forms_by = {}
    for procedure in Procedure:
        row = own.get(procedure.value)
        initial = {"enforced": duties.holds(procedure, region), "reason": row.reason if row else ""}
        forms_by[procedure] = SeparationForm(request.POST or None, prefix=procedure.value, initial=initial)
    if request.method == "POST" and all(f.is_valid() for f in forms_by.values()):
        with transaction.atomic():
            for procedure, form in forms_by.items():
                if not form.has_changed() and procedure.value not in own:
                    continue
                Separation.objects.update_or_create(
                    region=region, procedure=procedure.value,
                    defaults={"enforced": form.cleaned_data["enforced"], "reason": form.cleaned_data["reason"].strip(),
                              "changed_by": request.user},
                )  # fmt: skip
        messages.success(request, _("职责分离设置已保存。"))
        return redirect("separation")
    rows = [
        {
            "procedure": p,
            "form": forms_by[p],
            "own": own.get(p.value),
            "inherited": duties.setting(p, region, own=False),
        }
        for p in Procedure
    ]
    return render(request, "accounts/separation.html", {"rows": rows, "region": region})
