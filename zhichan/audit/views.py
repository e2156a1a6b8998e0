from django.shortcuts import render

from zhichan.audit.access import audit_entries_for_user
from zhichan.lib.views import paginate, staff_required

MODEL_CHOICES = [
    ("entity", "创新主体"),
    ("entitytag", "主体标签"),
    ("entityalias", "主体别名"),
    ("regionfigure", "区划年度数据"),
    ("user", "用户"),
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


def _label(entry, field: str) -> str:
    model = entry.content_type.model_class()
    try:
        return str(model._meta.get_field(field).verbose_name) if model is not None else field
    except Exception:  # a field since removed
        return field


def _shown(entry, user) -> dict:
    show = _redactor(entry, user)
    changes = []
    for field, change in (entry.changes_dict or {}).items():
        if isinstance(change, dict):  # many-to-many changes: {"type", "operation", "objects"}
            old, new = "", "、".join(str(o) for o in change.get("objects", []))
        else:
            old, new = [*list(change), "", ""][:2]
        changes.append((_label(entry, field), show(old) if old not in (None, "None") else "",
                        show(new) if new not in (None, "None") else ""))  # fmt: skip
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
