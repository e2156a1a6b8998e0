from django import forms
from django.utils.translation import gettext_lazy as _

from zhichan.entities.models import EntityKind
from zhichan.entities.tags import tag_choices
from zhichan.lib.forms import StyledForm, VersionedForm


class EntityForm(StyledForm, VersionedForm):
    name = forms.CharField(label=_("名称"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=EntityKind.choices)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=40, required=False)
    region_code = forms.CharField(
        label=_("所属区划代码"),
        max_length=12,
        required=False,
        help_text=_("留空则按地址自动解析。"),
    )
    address = forms.CharField(label=_("地址"), max_length=300, required=False)
    industry_code = forms.CharField(label=_("国民经济行业代码"), max_length=10, required=False)
    established_on = forms.DateField(
        label=_("成立日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)


class TagForm(StyledForm, forms.Form):
    tag = forms.ChoiceField(label=_("标签"), choices=tag_choices)
    valid_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    source = forms.CharField(label=_("依据（文件、批次）"), max_length=200, required=False)


class AliasForm(StyledForm, forms.Form):
    name = forms.CharField(label=_("别名/曾用名"), max_length=200)


class MergeForm(StyledForm, forms.Form):
    drop = forms.IntegerField(label=_("要并入本主体的重复主体编号"))
    confirm = forms.BooleanField(label=_("我确认两者为同一主体，合并后不可撤销"))
