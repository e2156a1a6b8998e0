"""Records other records name by a code rather than by key (office-defined indicators and tags):
their code may not change while something uses it."""

from django.utils.translation import gettext as _


def code_change_refused(record) -> str:
    """Why ``record.code`` may not change ("" if it may): the stored code is in use (``record.uses``)."""
    if not record.pk:
        return ""
    before = type(record).objects.filter(pk=record.pk).values_list("code", flat=True).first()
    used = record.uses(before) if before and before != record.code else {}
    if not used:
        return ""
    return _("原代码“%(c)s”已被%(u)s使用，不能修改。") % {
        "c": before, "u": "、".join(f"{kind} {n} 条" for kind, n in used.items()),
    }  # fmt: skip
