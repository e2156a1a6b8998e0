"""Linking applicant and holder names in imported data to innovation entities.

Order of evidence: the credit code when the data has one; otherwise the name's matching key
against entity names and aliases (merged entities answer through the entity they were merged
into). Individuals are matched by name *and* region, since many people share a name. A name
that fits more than one entity is left unlinked and queued for review (``LinkReview``); a
name that fits none becomes a new entity. The linker keeps its indexes in memory, so an
import of a million rows asks the database once per new entity block, not once per row.
"""

import re
from dataclasses import dataclass, field

from django.utils import timezone

from zhichan.entities.models import Entity, EntityAlias, EntityKind
from zhichan.lib import uscc
from zhichan.lib.bulk import insert_rows, reserve_ids
from zhichan.lib.text import fold, name_key

_ORG = re.compile(
    r"公司|厂|集团|合作社|中心|研究|大学|学院|学校|医院|协会|学会|银行|事务所|委员会|局|站|院|所|馆|社|场|队|店|基地|联盟|部|处|会|室"
)
_UNIVERSITY = re.compile(r"大学|学院|学校")
_INSTITUTE = re.compile(r"研究院|研究所|研究中心|科学院|实验室")
_ENTERPRISE = re.compile(r"公司|厂|集团|企业|合作社|店|行$|商行|工作室|经营部")
_PERSON = re.compile(r"^[\u4e00-\u9fff·]{2,6}$")
_SPLIT = re.compile(r"\s*[;；|\n]\s*")


def split_names(value: str) -> list[str]:
    return [fold(part) for part in _SPLIT.split(str(value or "")) if part.strip()]


def guess_kind(name: str) -> str:
    if _UNIVERSITY.search(name):
        return EntityKind.UNIVERSITY
    if _INSTITUTE.search(name):
        return EntityKind.INSTITUTE
    if _ENTERPRISE.search(name):
        return EntityKind.ENTERPRISE
    if _ORG.search(name):
        return EntityKind.OTHER
    if _PERSON.match(name):
        return EntityKind.INDIVIDUAL
    return EntityKind.OTHER


@dataclass
class Link:
    entity_id: int | None
    candidates: list[int] = field(default_factory=list)  # set when ambiguous


class Linker:
    """Finds or creates the entity for each (name, credit code, region) of an import."""

    def __init__(self, block: int = 1000):
        self.block = block
        self.by_code: dict[str, int] = {}
        self.by_key: dict[str, set[int]] = {}
        self.people: dict[tuple[str, int | None], set[int]] = {}
        self.region_of: dict[int, int | None] = {}
        self._ids: list[int] = []
        self._new: list[tuple] = []
        self.created = 0
        self.created_ids: list[int] = []
        self._cache: dict[tuple, Link] = {}
        self._load()

    def _load(self) -> None:
        active = Entity.objects.filter(merged_into__isnull=True)
        for pk, key, code, kind, region_id in active.values_list(
            "pk", "name_key", "credit_code", "kind", "region_id"
        ):
            self.region_of[pk] = region_id
            if code:
                self.by_code[code] = pk
            if kind == EntityKind.INDIVIDUAL:
                self.people.setdefault((key, region_id), set()).add(pk)
            else:
                self.by_key.setdefault(key, set()).add(pk)
        # Aliases, and names of merged entities, point at the surviving entity.
        merged = dict(Entity.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into_id"))
        for entity_id, key in EntityAlias.objects.values_list("entity_id", "name_key"):
            target = merged.get(entity_id, entity_id)
            if target in self.region_of:
                self.by_key.setdefault(key, set()).add(target)

    def link(
        self, name: str, *, credit_code: str = "", region_id: int | None = None, address: str = ""
    ) -> Link:
        key = (name, credit_code, region_id)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._link(name, credit_code, region_id, address)
        return found

    def _link(self, name: str, credit_code: str, region_id: int | None, address: str) -> Link:
        code = ""
        if credit_code:
            try:
                code = uscc.validate(credit_code).code
            except uscc.InvalidCreditCode:
                code = ""
        if code and code in self.by_code:
            return Link(self.by_code[code])
        key = name_key(name)
        kind = guess_kind(name)
        if kind == EntityKind.INDIVIDUAL and not code:
            found = self.people.get((key, region_id), set())
        else:
            found = self.by_key.get(key, set())
        if len(found) == 1:
            return Link(next(iter(found)))
        if len(found) > 1:
            return Link(None, candidates=sorted(found))
        return Link(self._create(name, key, kind, code, region_id, address))

    def _create(self, name: str, key: str, kind: str, code: str, region_id: int | None, address: str) -> int:
        if not self._ids:
            self._ids = reserve_ids(Entity, self.block)[::-1]
        pk = self._ids.pop()
        now = timezone.now()
        self._new.append(
            (pk, name[:200], key[:200], kind, code or None, region_id, address[:300], "", "", "", now, now)
        )
        self.created += 1
        self.created_ids.append(pk)
        self.region_of[pk] = region_id
        if code:
            self.by_code[code] = pk
        if kind == EntityKind.INDIVIDUAL and not code:
            self.people.setdefault((key, region_id), set()).add(pk)
        else:
            self.by_key.setdefault(key, set()).add(pk)
        return pk

    def flush(self) -> list[int]:
        """Write the entities created since the last flush; returns their ids."""
        if not self._new:
            return []
        fields = [
            "id", "name", "name_key", "kind", "credit_code", "region", "address",
            "industry_code", "contact_name", "contact_phone", "created_at", "updated_at",
        ]  # fmt: skip
        insert_rows(Entity, fields, self._new)
        ids = [row[0] for row in self._new]
        self._new = []
        return ids
