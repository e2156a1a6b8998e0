"""Business actions on the registry beyond importing: undoing an import, resolving link reviews,
recording events by hand."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.assets import status
from zhichan.assets.imports import reclassify
from zhichan.assets.models import (
    Copyright,
    DataIPRegistration,
    GeographicalIndication,
    GIUser,
    ImportBatch,
    ImportKind,
    ImportStatus,
    ImportUndo,
    LayoutDesign,
    LinkReview,
    Patent,
    PatentApplicant,
    PatentEvent,
    PlantVariety,
    ReviewStatus,
    Trademark,
)
from zhichan.entities.models import Entity
from zhichan.lib.bulk import delete_rows
from zhichan.lib.stamp import changes_data

RIGHT_MODELS = {
    ImportKind.TRADEMARKS: Trademark,
    ImportKind.GIS: GeographicalIndication,
    ImportKind.COPYRIGHTS: Copyright,
    ImportKind.VARIETIES: PlantVariety,
    ImportKind.LAYOUTS: LayoutDesign,
    ImportKind.DATAIP: DataIPRegistration,
}
RIGHT_BY_NAME = {model._meta.model_name: model for model in RIGHT_MODELS.values()}
# Imports that write the same tables undo in reverse order among themselves.
UNDO_GROUPS = {
    ImportKind.PATENTS: {ImportKind.PATENTS, ImportKind.PLEDGES},
    ImportKind.PLEDGES: {ImportKind.PATENTS, ImportKind.PLEDGES},
}


def patents_named(numbers: str) -> tuple[list[Patent], list[str]]:
    """The patents a text names (application or grant numbers, one per line or separated by
    、，;), each once, and the numbers the registry does not hold, as written."""
    import re

    found, unknown = [], []
    for raw in (t.strip() for t in re.split(r"[\s、，,；;]+", numbers or "") if t.strip()):
        patent, _number = patent_by_number(raw)
        if patent is None:
            unknown.append(raw)
        elif patent not in found:
            found.append(patent)
    return found, unknown


def patent_by_number(text: str) -> tuple[Patent | None, str]:
    """The patent an application number (check character verified) or a grant publication number
    names, and the number in canonical form (as written when none is found)."""
    from zhichan.lib import patentno

    raw = text.strip()
    try:
        canonical = patentno.normalize(raw)
    except ValueError:
        canonical = ""
    if canonical:
        patent = Patent.objects.filter(number=canonical).first()
        if patent is not None:
            return patent, canonical
    patent = Patent.objects.filter(grant_number=raw.upper()).first() if raw else None
    return (patent, patent.number) if patent is not None else (None, canonical or raw)


def refresh_validity(patent_ids) -> None:
    """Recompute the stored validity interval of patents from their events."""
    for patent in Patent.everything.filter(pk__in=list(patent_ids)):
        events = list(patent.events.values_list("kind", "effective_on"))
        ended_on, end_status, expires_on = status.validity(
            patent.kind, patent.filed_on, patent.granted_on, events
        )
        Patent.everything.filter(pk=patent.pk).update(
            ended_on=ended_on, end_status=end_status, expires_on=expires_on
        )


def applicant_validity_sync(patent_ids=None) -> None:
    """Copy the patents' validity interval onto their applicant rows (all patents when None)."""
    interval = Patent.everything.filter(pk=OuterRef("patent_id"))
    values = {
        "granted_on": Subquery(interval.values("granted_on")[:1]),
        "ended_on": Subquery(interval.values("ended_on")[:1]),
    }
    if patent_ids is None:
        PatentApplicant.objects.update(**values)
        return
    ids = sorted(set(patent_ids))
    for start in range(0, len(ids), 5000):
        PatentApplicant.objects.filter(patent_id__in=ids[start : start + 5000]).update(**values)


def _restore(model, undo: ImportUndo) -> None:
    instance = model._base_manager.filter(pk=undo.object_id).first()
    if instance is None:
        return
    for name, value in undo.previous.items():
        if name == "applicant_links":
            continue
        field = model._meta.get_field(name)
        setattr(instance, field.attname, field.to_python(value) if value is not None else None)
    instance.save()
    if "applicant_links" in undo.previous:
        instance.applicant_links.all().delete()
        PatentApplicant.objects.bulk_create(
            PatentApplicant(patent=instance, position=p, name=n, entity_id=e)
            for p, n, e in undo.previous["applicant_links"]
        )


@transaction.atomic
@changes_data
def import_undo(*, batch: ImportBatch, user=None) -> ImportBatch:
    """Undo an import: delete what it created, restore what it changed, drop its events.

    Only the latest import of its tables can be undone (later ones build on it); entities the
    import created are removed unless something else has come to refer to them.
    """
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.DONE:
        raise ValidationError(_("只有已完成的导入可以撤销。"))
    group = UNDO_GROUPS.get(batch.kind, {batch.kind})
    later = (
        ImportBatch.objects.filter(kind__in=group, status=ImportStatus.DONE, pk__gt=batch.pk)
        .order_by("pk")
        .first()
    )
    if later is not None:
        raise ValidationError(
            _("请先撤销之后的导入（#%(pk)s %(name)s），再撤销本次导入。")
            % {"pk": later.pk, "name": later.filename}
        )
    import_writes_remove(batch)
    batch.status = ImportStatus.UNDONE
    batch.undone_by = user if user is not None and user.is_authenticated else None
    batch.undone_at = timezone.now()
    batch.save()
    return batch


def import_writes_remove(batch: ImportBatch) -> int:
    """Delete what an import created, restore what it changed, drop its events and reviews;
    returns how many records it had written (created, changed and events)."""
    written = ImportUndo.objects.filter(batch=batch).exclude(model="entity").count()
    written += PatentEvent.objects.filter(import_batch=batch).count()
    if batch.kind == ImportKind.PLEDGES:
        from zhichan.finance.models import Pledge

        written += Pledge.objects.filter(import_batch=batch).count()
        Pledge.objects.filter(import_batch=batch).delete()
    if batch.kind in (ImportKind.PATENTS, ImportKind.PLEDGES):
        touched = set(PatentEvent.objects.filter(import_batch=batch).values_list("patent_id", flat=True))
        delete_rows(PatentEvent.objects.filter(import_batch=batch))
        written += delete_rows(Patent.everything.filter(import_batch=batch))
        for undo in ImportUndo.objects.filter(batch=batch, model="patent"):
            _restore(Patent, undo)
            touched.add(undo.object_id)
        refresh_validity(touched)
        reclassify(touched)
    else:
        model = RIGHT_MODELS[batch.kind]
        written += delete_rows(model.objects.filter(import_batch=batch))
        for undo in ImportUndo.objects.filter(batch=batch, model=model._meta.model_name):
            _restore(model, undo)
    LinkReview.objects.filter(import_batch=batch).delete()
    created = list(ImportUndo.objects.filter(batch=batch, model="entity").values_list("object_id", flat=True))
    if created:
        _delete_unreferenced_entities(created)
    return written


def _delete_unreferenced_entities(ids: list[int]) -> None:
    from zhichan.accounts.models import User

    used = set(PatentApplicant.objects.filter(entity_id__in=ids).values_list("entity_id", flat=True))
    used |= set(
        Patent.objects.filter(first_applicant_id__in=ids).values_list("first_applicant_id", flat=True)
    )
    for model in RIGHT_MODELS.values():
        used |= set(model.objects.filter(holder_id__in=ids).values_list("holder_id", flat=True))
    used |= set(GIUser.objects.filter(entity_id__in=ids).values_list("entity_id", flat=True))
    used |= set(User.objects.filter(entity_id__in=ids).values_list("entity_id", flat=True))
    used |= set(
        Entity.objects.filter(Q(tags__isnull=False) | Q(merged__isnull=False), pk__in=ids).values_list(
            "pk", flat=True
        )
    )
    unused = [pk for pk in ids if pk not in used]
    for start in range(0, len(unused), 5000):
        delete_rows(Entity.objects.filter(pk__in=unused[start : start + 5000]))


@transaction.atomic
@changes_data
def review_resolve(*, review: LinkReview, entity: Entity | None, user=None) -> LinkReview:
    """Link the reviewed name to ``entity`` (one of the candidates or another), or to none."""
    if review.status != ReviewStatus.OPEN:
        raise ValidationError(_("该条目已处理。"))
    if entity is not None and entity.merged_into_id:
        raise ValidationError(_("“%(name)s”已合并，请选择合并后的主体。") % {"name": entity.name})
    if review.patent_applicant_id:
        link = review.patent_applicant
        link.entity = entity
        link.save()
        if link.position == 1:
            patent = link.patent
            patent.first_applicant = entity
            if patent.region_id is None and entity is not None:
                patent.region = entity.region
            patent.save()
    elif review.right_model and review.right_id:
        model = RIGHT_BY_NAME[review.right_model]
        right = model.objects.get(pk=review.right_id)
        right.holder = entity
        if right.region_id is None and entity is not None:
            right.region = entity.region
        right.save()
    review.status = ReviewStatus.RESOLVED if entity is not None else ReviewStatus.DISMISSED
    review.chosen = entity
    review.resolved_by = user if user is not None and user.is_authenticated else None
    review.resolved_at = timezone.now()
    review.save()
    return review


@transaction.atomic
@changes_data
def patent_event_add(
    *, patent: Patent, kind: str, effective_on, detail: str = "", amount=None
) -> PatentEvent:
    """Record a legal event by hand (a decision received by letter, say)."""
    if effective_on < patent.filed_on:
        raise ValidationError({"effective_on": _("事件生效日不能早于申请日。")})
    if PatentEvent.objects.filter(patent=patent, kind=kind, effective_on=effective_on).exists():
        raise ValidationError({"kind": _("该法律事件已记录。")})
    event = PatentEvent.objects.create(
        patent=patent, kind=kind, effective_on=effective_on, detail=detail, amount=amount
    )
    refresh_validity([patent.pk])
    reclassify([patent.pk])
    return event


def addresses_reresolve(*, progress=None) -> dict:
    """Place every record's address again on the region tree as it is now (after the tree or
    its townships were loaded or changed): patents (each read for its filing year), the other
    registries and entities. Records whose region changes are updated, in batches; what is
    derived from a patent's region (its stored classes) follows. Returns the counts."""
    from zhichan.assets.imports import Regions
    from zhichan.lib.stamp import data_changed
    from zhichan.regions.resolve import reset_resolver

    reset_resolver()  # the tree as it is now
    regions = Regions()
    moved: dict[str, int] = {}
    sources = [(Patent.everything.exclude(address=""), "patents"),
               *((model.objects.exclude(address=""), model._meta.model_name) for model in RIGHT_MODELS.values()),
               (Entity.objects.exclude(address=""), "entities")]  # fmt: skip
    total = sum(query.count() for query, _name in sources)
    if progress is not None:
        progress.total(total)
    done = 0
    for query, name in sources:
        changes: dict[tuple, list[int]] = {}
        patents = name == "patents"
        fields = ["pk", "address", "region_id"] + (["filed_on", "outside", "place"] if patents else [])
        for row in query.values_list(*fields).iterator(chunk_size=10_000):
            pk, address, current = row[:3]
            region_id, _reason = regions.resolve(address, row[3].year if patents else None)
            done += 1
            if region_id is None:
                continue
            if patents and row[4]:  # kept for analysis only: the place is noted, the region stays empty
                code = regions.code[region_id]
                if code != row[5]:
                    changes.setdefault(("place", code), []).append(pk)
            elif region_id != current:
                changes.setdefault(("region_id", region_id), []).append(pk)
            if progress is not None and done % 10_000 == 0:
                progress.advance(done, _("已核对 %(n)s 条地址") % {"n": done})
        model = query.model
        count = 0
        for (field, value), pks in changes.items():
            for start in range(0, len(pks), 5000):
                with transaction.atomic():
                    part = pks[start : start + 5000]
                    model._base_manager.filter(pk__in=part).update(**{field: value})
                    if patents:
                        reclassify(part, validity_changed=[])
                count += len(part)
        moved[name] = count
    data_changed()
    return {"checked": done, "moved": moved}
