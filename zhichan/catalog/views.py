"""The service catalogue: staff keep it; published items are what the portal shows."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from zhichan.accounts.access import office_region
from zhichan.catalog.models import ServiceItem, SiteFooter
from zhichan.lib.forms import STALE_MESSAGE, StyledForm, record_version, stale
from zhichan.lib.views import staff_required


class ServiceItemForm(StyledForm, forms.ModelForm):
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    online = forms.URLField(
        label=ServiceItem._meta.get_field("online").verbose_name, required=False, assume_scheme="https"
    )

    class Meta:
        model = ServiceItem
        fields = ["position", "category", "name", "summary", "conditions", "materials", "steps", "promised_days",
                  "legal_days", "fee", "basis", "window", "address", "phone", "online", "published"]  # fmt: skip


@staff_required
def items(request):
    region = office_region(request.user)
    rows = ServiceItem.objects.filter(region__prefix__startswith=region.prefix)
    return render(request, "catalog/list.html", {"items": rows, "region": region})


@staff_required
def item_edit(request, pk: int | None = None):
    region = office_region(request.user)
    item = (
        get_object_or_404(ServiceItem, pk=pk, region__prefix__startswith=region.prefix)
        if pk is not None
        else None
    )
    form = ServiceItemForm(request.POST or None, instance=item,
                           initial={"version": record_version(item)} if item is not None else None)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if item is not None and stale(ServiceItem, item.pk, form.cleaned_data.get("version", "")):
                form = ServiceItemForm(instance=ServiceItem.objects.get(pk=item.pk),
                                       initial={"version": record_version(ServiceItem.objects.get(pk=item.pk))})  # fmt: skip
                messages.error(request, _(STALE_MESSAGE))  # the form shown holds the latest values
                return render(request, "catalog/form.html", {"form": form, "item": item}, status=409)
            saved = form.save(commit=False)
            if item is None:
                saved.region = region
            saved.save()
        messages.success(request, _("已保存。"))
        return redirect("catalog:list")
    return render(request, "catalog/form.html", {"form": form, "item": item})


class FooterForm(StyledForm, forms.ModelForm):
    class Meta:
        model = SiteFooter
        fields = ["sponsor", "organizer", "address", "phone", "email", "icp", "police", "site_code"]

    def clean_site_code(self):
        code = self.cleaned_data["site_code"].strip()
        if code and not (code.isdecimal() and len(code) == 10):
            raise forms.ValidationError(_("网站标识码为 10 位数字。"))
        return code


@staff_required
def footer_edit(request):
    """The portal's footer for the office's region (the portal of an installation shows its home
    region's)."""
    region = office_region(request.user)
    footer = SiteFooter.objects.filter(region=region).first()
    form = FooterForm(request.POST or None, instance=footer)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.region = region
        saved.save()
        messages.success(request, _("门户页脚已保存。"))
        return redirect("catalog:list")
    return render(request, "catalog/footer.html", {"form": form, "region": region})
