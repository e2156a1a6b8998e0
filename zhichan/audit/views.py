from django.shortcuts import render

from zhichan.audit.access import audit_entries_for_user
from zhichan.lib.views import paginate, staff_required

MODEL_CHOICES = [
    ("entity", "创新主体"),
    ("entitytag", "主体标签"),
    ("entityalias", "主体别名"),
    ("regionfigure", "区划年度数据"),
    ("user", "用户"),
    ("separation", "职责分离设置"),
]


# Records whose text may carry a complainant's or a natural-person party's data, and how each
# reaches the complaint or case whose handler alone may read it.
PERSONAL = {
    "complaint": lambda o: o,
    "attachment": lambda o: o.complaint,
    "complaintstep": lambda o: o.complaint,
    "case": lambda o: o,
    "party": lambda o: o.case,
    "casestep": lambda o: o.case,
    "casedocument": lambda o: o.case,
    "documentversion": lambda o: o.document.case,
}


def _redactor(entry, user):
    """A function that shows ``entry``'s texts to ``user`` as the record's own page would: whole to
    its handler and administrators, redacted to everyone else (also when the record is gone)."""
    from zhichan.protection import disclosure
    from zhichan.protection.models import Case
    from zhichan.protection.services import may_see_personal

    owner_of = PERSONAL.get(entry.content_type.model)
    if owner_of is None or user.is_superuser:
        return str
    model = entry.content_type.model_class()
    found = model.objects.filter(pk=entry.object_pk).first() if model is not None else None
    owner = owner_of(found) if found is not None else None
    if owner is not None and may_see_personal(user, owner):
        return str
    if owner is None:

        def masked(value):
            text = str(value)
            for pattern, mask in disclosure.PATTERNS:
                text = pattern.sub(mask, text)
            return text

        return lambda value: "＊＊＊" if entry.content_type.model == "party" else masked(value)
    if isinstance(owner, Case):
        return lambda value: disclosure.redact(str(value), owner)
    return lambda value: disclosure.redact_complaint(str(value), owner)


def _field(entry, name: str):
    model = entry.content_type.model_class()
    try:
        return model._meta.get_field(name) if model is not None else None
    except Exception:  # a field since removed
        return None


def _readable(field, value) -> str:
    """A stored value as a person reads it: a choice's label, 是/否, or the value."""
    if value in (None, "None", ""):
        return ""
    choices = dict(getattr(field, "flatchoices", None) or [])
    if str(value) in {str(k) for k in choices}:
        return str(next(v for k, v in choices.items() if str(k) == str(value)))
    if value in ("True", "False"):
        return "是" if value == "True" else "否"
    return str(value)


def _shown(entry, user) -> dict:
    show = _redactor(entry, user)
    changes = []
    for name, change in (entry.changes_dict or {}).items():
        field = _field(entry, name)
        if field is not None and not field.concrete:
            continue  # reverse relations say nothing about this record's own values
        if isinstance(change, dict):  # many-to-many changes: {"type", "operation", "objects"}
            old, new = "", "、".join(str(o) for o in change.get("objects", []))
        else:
            old, new = (_readable(field, v) for v in [*list(change), "", ""][:2])
        label = str(field.verbose_name) if field is not None else name
        changes.append((label, show(old) if old else "", show(new) if new else ""))
    return {"e": entry, "repr": show(entry.object_repr), "changes": changes}


@staff_required
def audit_list(request):
    entries = (
        audit_entries_for_user(request.user).select_related("actor", "content_type").order_by("-timestamp")
    )
    model = request.GET.get("model", "").strip()
    if model:
        entries = entries.filter(content_type__model=model)
    actor = request.GET.get("actor", "").strip()
    if actor:
        entries = entries.filter(actor__username=actor)
    page = paginate(request, entries)
    context = {
        "page": page,
        "rows": [_shown(entry, request.user) for entry in page],
        "model": model,
        "actor": actor,
        "model_choices": MODEL_CHOICES,
    }
    return render(request, "audit/list.html", context)
