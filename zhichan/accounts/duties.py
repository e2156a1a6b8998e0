"""Separation of duties: the one who examined a matter does not also approve it.

An office sets, per procedure, whether the separation holds in its region (``Separation``); the
nearest setting of the region or an enclosing one decides, so a province's choice reaches its
counties until a county makes its own. Without any setting the separation holds."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zhichan.accounts.models import Procedure, Separation


def setting(procedure: str, region, *, own: bool = True) -> Separation | None:
    """The setting that decides for ``region``: its own (unless ``own`` is False) or the nearest
    enclosing region's."""
    rows = Separation.objects.filter(procedure=procedure).select_related("region")
    found = [
        row
        for row in rows
        if region.prefix.startswith(row.region.prefix) and (own or row.region_id != region.pk)
    ]
    return max(found, key=lambda row: len(row.region.prefix), default=None)


def holds(procedure: str, region) -> bool:
    if region is None:
        return True
    found = setting(procedure, region)
    return True if found is None else found.enforced


def refuse_same_person(procedure: str, region, *, earlier, now) -> None:
    """Raise when ``now`` (the user taking this step) is ``earlier`` (who took the step before it)
    and the separation holds for the procedure in the region."""
    if earlier is None or now is None or getattr(now, "pk", None) != earlier.pk:
        return
    if holds(procedure, region):
        raise ValidationError(
            _("按本单位职责分离设置，%(p)s。如确需由同一人办理，请本单位管理员在“职责分离”中调整。")
            % {"p": Procedure(procedure).label.split("：", 1)[-1]}
        )
