from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from zhichan.lib.forms import StyledForm
from zhichan.regions.models import RegionFigure


class FigureForm(StyledForm, forms.ModelForm):
    class Meta:
        model = RegionFigure
        fields = [
            "year",
            "resident_population",
            "registered_population",
            "market_entities",
            "enterprises",
            "gdp",
            "pi_value_added",
            "general_budget",
            "source",
            "note",
        ]


class UploadForm(StyledForm, forms.Form):
    file = forms.FileField(label=_("文件（.xlsx、.xls 或 .csv）"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".xlsx", ".xls", ".csv")):
            raise forms.ValidationError(_("只接受 .xlsx、.xls 或 .csv 文件。"))
        if upload.size > settings.ZHICHAN_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("文件过大（上限 %(mb)d MB）。") % {"mb": settings.ZHICHAN_MAX_UPLOAD_BYTES >> 20}
            )
        head = upload.read(4)
        upload.seek(0)
        if name.endswith(".xlsx") and head != b"PK\x03\x04":
            raise forms.ValidationError(_("文件内容不是有效的 xlsx 文件。"))
        if name.endswith(".xls") and head != b"\xd0\xcf\x11\xe0":  # the OLE2 container of Excel 97–2003
            raise forms.ValidationError(_("文件内容不是有效的 xls（Excel 97–2003）文件。"))
        return upload


class ResolveForm(StyledForm, forms.Form):
    addresses = forms.CharField(
        label=_("地址（每行一个）"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000
    )
