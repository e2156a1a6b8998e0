"""Form fields for the set-up pages: what the models keep as JSON, written as an official would
write it — tags ticked, stages and weights one per line — never as JSON."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhichan.entities.services import find_entity


class ChoicesListField(forms.MultipleChoiceField):
    """A JSON list of codes (tags, station kinds) as ticked boxes."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, choices, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(choices=choices, **kwargs)

    def prepare_value(self, value):
        return list(value or [])


def _lines(text: str) -> list[tuple[int, str, str]]:
    """(line number, name, number) of each non-empty line "名称 数值" (a space, tab, comma or colon
    between them)."""
    found = []
    for number, raw in enumerate((text or "").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        for separator in ("\t", "：", ":", "，", ",", " "):
            if separator in line:
                name, _sep, amount = line.rpartition(separator)
                break
        else:
            raise ValidationError(
                _("第%(n)s行“%(l)s”缺少数值（格式：名称 数值）。") % {"n": number, "l": line}
            )
        found.append((number, name.strip(), amount.strip().rstrip("%％")))
    return found


def _decimal(number: int, text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("第%(n)s行的“%(v)s”不是数值。") % {"n": number, "v": text}) from None
    if value <= 0:
        raise ValidationError(_("第%(n)s行的数值应大于 0。") % {"n": number})
    return value


class StagesField(forms.CharField):
    """Stages of a project and their shares, one per line: "立项 0.3" or "立项 30%"; the shares add
    up to 1. Kept as [["立项", 0.3], …]."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            gettext_lazy("每行一个阶段：名称 比例，如“立项 0.3”或“立项 30%”；各阶段比例之和为 1。"),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{name} {share}" for name, share in value)
        return value

    def clean(self, value):
        text = super().clean(value)
        stages = []
        for number, name, amount in _lines(text):
            share = _decimal(number, amount)
            if share > 1:
                share = share / 100  # written as a percentage
            stages.append([name, float(share)])
        if stages and abs(sum(Decimal(str(s)) for _n, s in stages) - 1) > Decimal("0.0001"):
            raise ValidationError(
                _("各阶段比例之和应为 1（现为 %(s)s）。") % {"s": sum(Decimal(str(s)) for _n, s in stages)}
            )
        return stages


class WeightsField(forms.CharField):
    """Indicators and their weights, one per line: "高价值发明专利拥有量 40" (the indicator's name or
    code). Kept as [{"indicator": code, "weight": 40}, …]."""

    widget = forms.Textarea(attrs={"rows": 6})

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", gettext_lazy("每行一个指标：指标名称或代码 权重，如“有效发明专利量 40”。")
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        from zhichan.monitor.indicators import INDICATORS

        if isinstance(value, list):
            return "\n".join(
                f"{INDICATORS[w['indicator']].name if w['indicator'] in INDICATORS else w['indicator']} {w['weight']}"
                for w in value
            )
        return value

    def clean(self, value):
        from zhichan.monitor.indicators import INDICATORS

        text = super().clean(value)
        by_name = {str(i.name): code for code, i in INDICATORS.items()}
        weights = []
        for number, name, amount in _lines(text):
            code = name if name in INDICATORS else by_name.get(name)
            if code is None:
                raise ValidationError(_("第%(n)s行：没有名为“%(i)s”的指标。") % {"n": number, "i": name})
            weight = _decimal(number, amount)
            weights.append(
                {"indicator": code, "weight": int(weight) if weight == int(weight) else float(weight)}
            )
        if not weights:
            raise ValidationError(_("至少填写一个指标及其权重。"))
        return weights


class EntityRefField(forms.CharField):
    """An entity given by its credit code or its full name, looked up within the office's scope
    (``scope`` is set by the form: a queryset of the entities it may name)."""

    scope = None

    def prepare_value(self, value):
        from zhichan.entities.models import Entity

        if isinstance(value, int):
            entity = Entity.objects.filter(pk=value).first()
            return (entity.credit_code or entity.name) if entity else ""
        return value

    def clean(self, value):
        text = (super().clean(value) or "").strip()
        return find_entity(self.scope, text) if text else None


class LinesField(forms.CharField):
    """Records one per line (a pool's members, its patents): every line is looked up within
    ``scope``; the lines that name nothing are all reported, by line."""

    widget = forms.Textarea(attrs={"rows": 6})
    scope = None

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)) or hasattr(value, "model"):
            return "\n".join(sorted(self.written(record) for record in value))
        return value

    def clean(self, value):
        found, errors = [], []
        for number, line in enumerate((super().clean(value) or "").splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = self.find(line.strip())
            except ValidationError as error:
                errors.append(_("第%(n)s行：%(e)s") % {"n": number, "e": "；".join(error.messages)})
                continue
            if record not in found:
                found.append(record)
        if errors:
            raise ValidationError(errors)
        return found


class EntitiesField(LinesField):
    def written(self, entity) -> str:
        return entity.credit_code or entity.name

    def find(self, text: str):
        return find_entity(self.scope, text)


class PatentsField(LinesField):
    def written(self, patent) -> str:
        return patent.number

    def find(self, text: str):
        from zhichan.lib import patentno

        try:
            number = patentno.normalize(text)
        except patentno.InvalidApplicationNumber as error:
            raise ValidationError(str(error)) from None
        patent = self.scope.filter(number=number).first()
        if patent is None:
            raise ValidationError(_("登记簿中本辖区没有申请号为 %(n)s 的专利。") % {"n": number})
        return patent
