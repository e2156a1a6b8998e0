"""Form helpers: Bootstrap classes on every widget, so templates stay plain."""

from django import forms


def styled(field: forms.Field) -> forms.Field:
    """The field with Bootstrap's classes on its widget (ticked lists stay plain lists)."""
    widget = field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return field
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select form-select-sm"
    else:
        css = "form-control form-control-sm"
    widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
    return field


class StyledForm:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            styled(field)


def record_version(obj) -> str:
    """A fingerprint of a record's stored values. An edit form carries the fingerprint of what
    the user saw; a save whose fingerprint no longer matches would overwrite someone else's
    change, and is refused instead (optimistic locking)."""
    import hashlib

    values = [(f.attname, f.value_from_object(obj)) for f in obj._meta.concrete_fields]
    return hashlib.sha256(repr(values).encode()).hexdigest()[:20]


class VersionedForm(forms.Form):
    """A hidden ``version`` (``record_version`` of the record being edited)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)


def stale(model, pk, version: str) -> bool:
    """True if the record changed since the form was shown (locks the row for the save)."""
    if not version:
        return False
    current = model.objects.select_for_update().filter(pk=pk).first()
    return current is None or record_version(current) != version


STALE_MESSAGE = "保存未成功：该记录在您编辑期间已被他人修改。下方为最新内容，请核对后重新修改并保存。"
