"""Imports of official data exports into the registry, and their undo.

Every row is parsed and validated on its own; a bad row becomes a ``RowError`` (row, column,
Chinese message) and the rest go in. All writes of one import happen in one transaction, so a
crash leaves nothing half-written. Re-importing a file is idempotent: records are keyed by
their number, an unchanged row (same content hash) writes nothing, a changed one is updated
(its previous values kept for undo) and a status change appends a legal event.
"""

import gc
import hashlib
import json
import marshal
import os
import queue as queues
import re
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.assets import profiles, status
from zhichan.assets.linking import Linker, guess_kind, split_names
from zhichan.assets.models import (
    Copyright,
    CopyrightKind,
    DataIPRegistration,
    EventKind,
    GeographicalIndication,
    GIMode,
    ImportBatch,
    ImportKind,
    ImportStatus,
    ImportUndo,
    LayoutDesign,
    LinkReview,
    MarkKind,
    Patent,
    PatentApplicant,
    PatentAward,
    PatentEvent,
    PatentKind,
    PatentStatus,
    PlantVariety,
    RightStatus,
    Trademark,
)
from zhichan.assets.quality import Quality
from zhichan.assets.values import DateParser, ValueProblem, first_address, flag, money, text
from zhichan.entities.models import EntityKind
from zhichan.lib import ipc, patentno
from zhichan.lib.bulk import indexes_restore, indexes_set_aside, insert_rows, reserve_ids
from zhichan.lib.runner import runner_id
from zhichan.lib.stamp import data_changed
from zhichan.lib.tabular import TableError, count_rows, csv_spans, read_rows, scan_column
from zhichan.lib.text import fold, name_key
from zhichan.regions.models import Level, Region
from zhichan.regions.resolve import DEFAULT_YEAR
from zhichan.regions.services import RowError

CHUNK = 5000
MAX_STORED_ERRORS = 10000
LAW_START = date(1985, 4, 1)  # 专利法 in force


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Regions:
    """Address → region id, cached per address; and the prefixes that scope checks need."""

    def __init__(self):
        self._resolver = None
        self.ids, self.prefix, self.code, self.name, self.parent, self.level = {}, {}, {}, {}, {}, {}
        for pk, code, prefix, name, parent, level in Region.objects.values_list(
            "pk", "code", "prefix", "name", "parent_id", "level"
        ):
            self.ids[code], self.prefix[pk], self.code[pk], self.name[pk] = pk, prefix, code, name
            self.parent[pk], self.level[pk] = parent, level
        self.cache: dict = {}

    def resolve(self, address: str, year: int | None = None) -> tuple[int | None, str]:
        """The region an address names today; if that is no county, the one it named in
        ``year`` (the filing year: 襄樊市襄阳区 in 2009 is today's 襄州区)."""
        found = self.cache.get(address)
        if found is None:
            found = self.cache[address] = self._resolve(address, None)
        if (
            year is None
            or year >= DEFAULT_YEAR
            or (found[0] is not None and self.level[found[0]] >= Level.COUNTY)
        ):
            return found
        then = self.cache.get((address, year))
        if then is None:
            then = self.cache[(address, year)] = self._resolve(address, year)
        if then[0] is not None and (found[0] is None or self.level[then[0]] > self.level[found[0]]):
            return then
        return found

    def _resolve(self, address: str, year: int | None) -> tuple[int | None, str]:
        if self._resolver is None:
            from zhichan.regions.resolve import resolver

            self._resolver = resolver()
        result = self._resolver.resolve(address, year=year)
        return self.ids.get(result.code) if result.code else None, result.reason

    def names_place(self, region_id: int, place: str) -> bool:
        """Does ``place`` (a vendor's county, "宜都市") name the region or one of its ancestors?
        A region above county level cannot say, and agrees."""
        if self.level.get(region_id, 0) < Level.COUNTY:
            return True
        place = place.strip()
        pk = region_id
        while pk is not None:
            name = self.name.get(pk, "")
            if name and (
                place == name
                or name.startswith(place)
                or place.startswith(name[:-1] if len(name) > 2 else name)
            ):
                return True
            pk = self.parent.get(pk)
        return False

    def province(self, code: str) -> int | None:
        digits = "".join(ch for ch in str(code or "") if ch.isdigit())[:2]
        return self.ids.get(digits + "0000") if len(digits) == 2 else None

    def within(self, region_id: int | None, scope: Region | None) -> bool:
        if scope is None:
            return True
        return region_id is not None and self.prefix.get(region_id, "").startswith(scope.prefix)


class BaseImport:
    """Parsing (no database: it may run in a separate process) and writing, chunk by chunk.

    ``parse_chunk`` turns raw rows into records and row errors; ``write_chunk`` links, locates
    and stores them. ``prepare`` loads what writing needs (indexes of entities and regions).
    """

    kind: str = ""
    fields: dict[str, list[str]] = {}
    required: list[str] = []
    profiles: dict = {}
    strip_cells = True  # False: the parser tidies the cells it uses (see read_rows)
    waits = False  # True: the parser holds rows back until the file ends (see PatentImport.merge)
    substitutes: dict[str, str] = {}  # a required field another column may supply

    def __init__(self, batch: ImportBatch | None, *, within: Region | None = None, progress=None):
        self.batch = batch
        self.within = within
        self.progress = progress
        self.quality = Quality()
        self.errors: list[RowError] = []
        self.rejected = 0
        self.dates = DateParser()
        self.today = timezone.localdate()
        self.columns: dict[str, str] = {}
        self.headers: dict[str, str] = {}
        self.profile = ""
        self.unrecognised: list[str] = []

    # -- helpers -------------------------------------------------------------------------
    def error(self, row: int, field: str, message: str, quality: str | None = None) -> None:
        self.rejected += 1
        self.errors.append(RowError(row, self.columns.get(field, ""), message))
        if quality:
            self.quality.add(quality, row, message)

    def may_write(self, region_id: int | None) -> bool:
        """May this import change a record already in the registry, located in ``region_id``?
        Only within the importer's region, as the record's own pages allow (issue 29)."""
        if self.within is None:
            return True
        if region_id is None:
            return self.within.level == Level.PROVINCE
        return self.regions.within(region_id, self.within)

    def refuse_foreign(self, row_number: int) -> None:
        self.error(
            row_number, "number", _("该号码的记录已登记在您的管辖范围（%(scope)s）以外，本行未导入；"
                                    "请由其所在地的管理部门更新。") % {"scope": self.within.name},
            "out_of_scope",
        )  # fmt: skip

    def date(self, row: dict, field: str) -> date | None:
        return self.dates(row.get(self.headers[field], ""), self.columns.get(field, field))

    def map_headers(self, headers: list[str]) -> None:
        self.columns = profiles.mapping(headers, self.fields)
        for field, other in self.substitutes.items():
            if field not in self.columns and other in self.columns:
                self.columns[field] = self.columns[other]
        used = set(self.columns.values())
        self.unrecognised = [h for h in headers if h and h not in used]
        # field → header, or a key no row has, so that a missing column reads as "".
        self.headers = {field: self.columns.get(field, "\0") for field in self.fields}
        self.headers_read = headers
        missing = [self.fields[f][0] for f in self.required if f not in self.columns]
        if missing:
            raise TableError(
                _(
                    "缺少必需的列：%(missing)s。请使用系统提供的导入模板，或国家知识产权局、incoPat、智慧芽等导出的原始表头。"
                )
                % {"missing": "、".join(missing)}
            )
        self.profile = profiles.detect(headers, self.profiles)

    def chunks(self, rows: Iterator[tuple[int, dict]]) -> Iterator[tuple[list, int]]:
        """Parsed chunks of records with the running count of rows read."""
        chunk: list[tuple[int, dict]] = []
        done = 0
        for number, row in rows:
            if not self.columns:
                self.map_headers(list(row.keys()))
            chunk.append((number, row))
            if len(chunk) >= CHUNK:
                done += len(chunk)
                yield self.parse_chunk(chunk), done
                chunk = []
        if chunk or self.waits:
            done += len(chunk)
            yield self.parse_chunk(chunk, last=True), done

    def run(self, rows: Iterator[tuple[int, dict]]) -> None:
        self.prepare()
        done = 0
        for records, done in self.chunks(rows):
            self.write(records)
            self.advance(done)
        self.batch.rows_read = done
        with self.step():
            self.finish()

    # Batched mode (SQLite, see ``run_import``): each chunk commits on its own, so that the web's
    # writes wait at most one chunk for the database, never the whole import.
    batched = False
    entities_recorded = 0

    def step(self):
        return transaction.atomic() if self.batched else nullcontext()

    def write(self, payload) -> None:
        """Write one chunk; in batched mode in a transaction of its own, committed with the
        batch's counts and the entities it created, so that the database always says what the
        import has written and ``import_rollback`` can remove exactly that."""
        with self.step():
            self.write_chunk(payload)
            if self.batched:
                self.record_progress()

    def record_progress(self) -> None:
        linker = getattr(self, "linker", None)
        if linker is not None:
            self.entities_recorded = record_created_entities(self.batch, linker, self.entities_recorded)
        ImportBatch.objects.filter(pk=self.batch.pk).update(
            created=self.batch.created, updated=self.batch.updated, unchanged=self.batch.unchanged,
            events_added=self.batch.events_added, rejected=self.rejected,
        )  # fmt: skip

    def advance(self, done: int) -> None:
        if self.progress is not None:
            self.progress.advance(done, _("已处理 %(n)s 行") % {"n": done})

    def prepare(self) -> None:
        pass

    def parse_chunk(self, chunk: list[tuple[int, dict]], last: bool = False) -> list:
        raise NotImplementedError

    def write_chunk(self, records: list) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        pass


# ---------------------------------------------------------------------------------------------
# Patents

STATUS_WORDS: list[tuple[str, str]] = [
    ("部分无效", EventKind.PARTIAL_INVALIDATION),
    ("全部无效", EventKind.INVALIDATION),
    ("宣告无效", EventKind.INVALIDATION),
    ("期限届满", EventKind.EXPIRY),
    ("期满", EventKind.EXPIRY),
    ("未缴年费", EventKind.LAPSE),
    ("年费终止", EventKind.LAPSE),
    ("放弃", EventKind.SURRENDER),
    ("撤回", EventKind.WITHDRAWAL),
    ("驳回", EventKind.REJECTION),
    ("恢复", EventKind.RESTORATION),
    ("质押解除", EventKind.PLEDGE_RELEASE),
    ("质押", EventKind.PLEDGE),
    ("转移", EventKind.TRANSFER),
    ("转让", EventKind.TRANSFER),
    ("许可", EventKind.LICENSE),
    ("失效", "ended"),
    ("终止", "ended"),
    ("无效", "ended"),
    ("有效", PatentStatus.VALID),
    ("授权", PatentStatus.VALID),
    ("维持", PatentStatus.VALID),
    ("审中", PatentStatus.PENDING),
    ("实质审查", PatentStatus.PENDING),
    ("实审", PatentStatus.PENDING),
    ("公开", PatentStatus.PENDING),
    ("在审", PatentStatus.PENDING),
]
_STATUS_SPLIT = str.maketrans({";": "|", "；": "|", ",": "|", "，": "|", "/": "|", "、": "|", "\n": "|"})


def final_status(value: str) -> str | None:
    """The last state word of a status cell ("授权 | 未缴年费" → lapse), or None if unknown."""
    last = None
    for part in str(value or "").translate(_STATUS_SPLIT).split("|"):
        part = part.strip()
        if not part:
            continue
        for word, meaning in STATUS_WORDS:
            if word in part:
                last = meaning
                break
    return last


KIND_WORDS = (("外观", PatentKind.DESIGN), ("实用", PatentKind.UTILITY), ("发明", PatentKind.INVENTION))
AWARD_GRADES = ("金奖", "银奖", "优秀奖", "特等奖", "一等奖", "二等奖", "三等奖")
# Current states that are transactions on a granted patent, not an end of it.
DEAL_STATES = {EventKind.TRANSFER, EventKind.LICENSE, EventKind.PLEDGE, EventKind.PLEDGE_RELEASE}
ENDING_STATES = {EventKind.LAPSE, EventKind.EXPIRY, EventKind.SURRENDER, EventKind.INVALIDATION,
                 EventKind.WITHDRAWAL, EventKind.REJECTION, "ended"}  # fmt: skip
# The last letter of a publication number names the document: A (application published), B or C
# (invention granted), U and Y (utility model), S (design); a digit after it marks a correction.
_DOC_LETTER = re.compile(r"([A-Z])\d?$")
_DATE_TOKEN = re.compile(r"\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}日?|\d{8}")
_LIST_SPLIT = re.compile(r"\s*[;；|]\s*")
# Bibliographic fields: taken from the latest document of an application, else from an earlier one.
BIBLIOGRAPHIC = (
    "title", "abstract", "claims", "main_ipc", "ipc_codes", "applicants", "holders", "credit_codes", "address",
    "province_code", "vendor_place", "inventors", "agency", "priority", "pct_number", "pct_publication",
    "pct_entry_on",
)  # fmt: skip


class PatentRecord:
    """One publication row, parsed; the rows of one application are merged into one record."""

    __slots__ = (
        "abstract",
        "address",
        "agency",
        "applicants",
        "awards",
        "cited_by",
        "claims",
        "content",
        "credit_codes",
        "deals",
        "doc_on",
        "expires_on",
        "family",
        "family_size",
        "filed_on",
        "final",
        "final_on",
        "grant_doc",
        "grant_number",
        "granted_on",
        "history",
        "holders",
        "inventors",
        "ipc_codes",
        "kind",
        "lapse_on",
        "legal_state",
        "main_ipc",
        "number",
        "pct_entry_on",
        "pct_number",
        "pct_publication",
        "priority",
        "province_code",
        "publication_number",
        "published_on",
        "row",
        "row_hash",
        "rows",
        "source_hash",
        "title",
        "value_score",
        "vendor_place",
    )  # fmt: skip

    def copy(self) -> "PatentRecord":
        twin = PatentRecord.__new__(PatentRecord)
        for name in self.__slots__:
            setattr(twin, name, getattr(self, name))
        return twin


def _whole(value) -> int | None:
    """A count or score cell ("12", "12.0", 12) as an integer; anything else None."""
    if value is None or value == "":
        return None
    try:
        number = int(float(str(value).strip()))
    except ValueError:
        return None
    return number if 0 <= number < 2**31 else None


def as_tuples(records: list) -> list[tuple]:
    """Records as plain tuples: a chunk crosses the process boundary several times faster so."""
    if not records:
        return []
    names = type(records[0]).__slots__
    return [tuple(getattr(r, name) for name in names) for r in records]


def from_tuples(record_class, rows: list[tuple]) -> list:
    names = record_class.__slots__
    records = []
    for row in rows:
        record = record_class.__new__(record_class)
        for name, value in zip(names, row, strict=True):
            setattr(record, name, value)
        records.append(record)
    return records


# Part of every source hash: raise it when the importer reads the same rows differently, so that
# the next import of an unchanged file parses every row again.
SOURCE_VERSION = "1"


def canonical(key: str) -> str | None:
    """The registry's number for a number key that carries its check character ("2019100001079"
    → "201910000107.9"); None for anything else (such a row is looked up once parsed)."""
    if len(key) in (9, 13) and key[:-1].isdecimal():
        return f"{key[:-1]}.{key[-1]}"
    return None


class PatentImport(BaseImport):
    kind = ImportKind.PATENTS
    fields = profiles.PATENT_FIELDS
    required = profiles.PATENT_REQUIRED
    substitutes = {"applicants": "holders"}  # a file that names only the holder now
    profiles = profiles.PATENT_PROFILES
    record_class = PatentRecord
    strip_cells = False
    waits = True

    PATENT_FIELDS = [
        "id", "number", "kind", "title", "abstract", "claims", "filed_on", "publication_number", "published_on",
        "grant_number", "granted_on", "main_ipc", "ipc_codes", "applicants", "first_applicant", "address",
        "region", "inventors", "agency", "pct_number", "priority", "family", "family_size", "pct_publication",
        "pct_entry_on", "holders", "legal_state", "legal_state_on", "legal_history", "cited_by", "value_score",
        "vendor_place", "outside", "place", "expires_on", "ended_on", "end_status", "import_batch", "row_hash",
        "source_hash", "created_at", "updated_at",
    ]  # fmt: skip
    AT = dict(zip(PATENT_FIELDS, range(len(PATENT_FIELDS)), strict=True))  # a field's place in a staged row
    UPDATE_FIELDS = [*PATENT_FIELDS[2:34], "expires_on", "ended_on", "end_status", "row_hash", "source_hash"]

    def __init__(self, batch, **kwargs):
        super().__init__(batch, **kwargs)
        self.ipc_cells: dict[tuple, tuple] = {}
        self.addresses: dict[str, str] = {}
        self.statuses: dict[str, str | None] = {}
        self.names: dict[str, list[str]] = {}
        self.regions: Regions | None = None
        self.registry_empty = False
        self.reviews: list[tuple[int, str, list[int], int | None]] = []
        # Rows of one application wait here until all of them are read (see ``scan``): number key →
        # rows. ``multi`` (key → rows in the file) comes from the scan; without one, every row
        # waits to the end of the file (small files, read in one process).
        self.multi: dict[str, int] | None = None
        self.stored: dict[str, tuple[int, str, int | None]] | None = None  # see ``preload``
        self.multi_from = None  # a queue the count comes by, while the first rows are read (parallel import)
        self.pending: dict[str, list[tuple[int, dict]]] = {}
        # Reading a part of the file (a parallel import, ``run_parallel``): rows of applications
        # still incomplete at its end are set aside in ``leftover`` for the parent to join.
        self.partial = False
        self.leftover: list[tuple[int, dict]] = []
        self.columns_digest = None  # the columns' part of every source hash (an md5 to continue)
        self.touched: set[int] = set()  # patents created or changed, to reclassify afterwards
        self.outside = 0
        self.hashes: dict[int, str] = {}
        self.iso_dates: dict[date, str] = {}
        self.agrees: dict[tuple[int, str], bool] = {}
        # Words every record repeats, translated once (a lookup per row costs seconds per million).
        self.words = {"from_file": _("据导入数据"), "from_file_who": _("据导入数据：%(w)s")}

    def scan(self, path: Path, filename: str) -> None:
        """Count the rows of each application number before parsing, so that only the rows of
        applications exported as several publications wait for their partners."""
        from collections import Counter

        counts = Counter(patentno.key(v) for v in scan_column(path, filename, self.number_header))
        self.multi = {key: n for key, n in counts.items() if n > 1}

    def number_header(self, headers: list[str]) -> str | None:
        return profiles.mapping(headers, {"number": self.fields["number"]}).get("number")

    # -- parsing -----------------------------------------------------------------------------
    @staticmethod
    def classify(raw_main, raw_list, design: bool) -> tuple[str, str, list[str]]:
        """(main IPC, all IPC joined, messages for symbols that are not IPC) of an export's cells."""
        symbols = ipc.split(raw_list)
        if design:
            return "", "; ".join(symbols)[:1000], []
        main = str(raw_main or "").strip()
        codes, invalid = [], []
        for raw in ([main] if main else []) + symbols:
            try:
                symbol = ipc.normalize(raw)
            except ipc.InvalidIPC as problem:
                invalid.append(str(problem))
                continue
            if symbol not in codes:
                codes.append(symbol)
        return (codes[0] if codes else ""), "; ".join(codes)[:1000], invalid

    def parse(self, row_number: int, row: dict) -> PatentRecord | None:
        h = self.headers
        cell = row.get
        raw_number = cell(h["number"], "")
        try:
            parsed = patentno.parse(raw_number)
        except patentno.InvalidApplicationNumber as problem:
            self.error(row_number, "number", str(problem), "invalid_numbers")
            return None
        r = PatentRecord()
        r.expires_on = r.row_hash = None
        r.source_hash = ""
        r.row, r.rows = row_number, (row_number,)
        r.number = parsed.number
        r.kind = parsed.kind
        kind_text = str(cell(h["kind"], ""))
        for word, kind in KIND_WORDS:
            if word in kind_text:
                if kind != parsed.kind:
                    self.quality.add(
                        "inconsistent_status",
                        row_number,
                        _("专利类型“%(t)s”与申请号不符，按申请号记为%(k)s。")
                        % {"t": kind_text, "k": PatentKind(parsed.kind).label},
                    )
                break
        r.title = text(cell(h["title"], ""), 500)
        if not r.title:
            self.error(row_number, "title", _("名称不能为空。"))
            return None
        raw = cell(h["applicants"], "")
        r.applicants = self.names.get(raw) or self.names.setdefault(raw, split_names(raw))
        if not r.applicants:
            self.error(row_number, "applicants", _("申请人不能为空。"))
            return None
        raw = cell(h["holders"], "")
        holders = (self.names.get(raw) or self.names.setdefault(raw, split_names(raw))) if raw else []
        r.holders = "; ".join(holders)[:1000] if holders and holders != r.applicants else ""
        dates = {}
        for field in ("filed_on", "published_on", "granted_on", "status_on", "ended_on", "first_published_on",
                      "pct_entry_on"):  # fmt: skip
            try:
                dates[field] = self.dates(cell(h[field], ""), self.columns.get(field, field))
            except ValueProblem as problem:
                self.error(row_number, field, str(problem), "impossible_dates")
                return None
        r.filed_on, r.published_on, r.granted_on = (
            dates["filed_on"],
            dates["published_on"],
            dates["granted_on"],
        )
        r.final_on, r.lapse_on, r.pct_entry_on = dates["status_on"], dates["ended_on"], dates["pct_entry_on"]
        if r.filed_on is None:
            self.error(row_number, "filed_on", _("申请日不能为空。"))
            return None
        if r.filed_on > self.today or r.filed_on < LAW_START:
            self.error(
                row_number,
                "filed_on",
                _("申请日 %(d)s 不合理（应在1985-04-01与今天之间）。") % {"d": r.filed_on},
                "impossible_dates",
            )
            return None
        for field, value in (("granted_on", r.granted_on), ("published_on", r.published_on)):
            if value is not None and (value < r.filed_on or value > self.today):
                self.error(
                    row_number,
                    field,
                    _("%(label)s %(d)s 早于申请日或晚于今天。") % {"label": self.columns[field], "d": value},
                    "impossible_dates",
                )
                return None
        if not parsed.pct and parsed.year != r.filed_on.year and len(r.number) == 14:
            self.quality.add("inconsistent_status", row_number, _("申请日年份与申请号年份不一致。"))
        r.abstract = text(cell(h["abstract"], ""), 5000)
        r.claims = text(cell(h["claims"], ""), 5000)
        r.publication_number = text(cell(h["publication_number"], ""), 20)
        r.grant_number = text(cell(h["grant_number"], ""), 20)
        r.doc_on = r.published_on
        # Which document the row is: a grant (B/C; every utility model and design publication) or
        # an application published (A). A grant row's number and date are the grant's; the
        # application's first publication is then 首次公开日, where the vendor gives it.
        doc = str(cell(h["doc_kind"], "")).strip().upper()[:1]
        letter = _DOC_LETTER.search(r.publication_number.upper())
        letter = doc or (letter[1] if letter else "")
        r.grant_doc = r.kind != PatentKind.INVENTION or "授权" in kind_text or letter in ("B", "C")
        if r.kind == PatentKind.INVENTION and r.grant_doc:
            if letter in ("B", "C") or "授权" in kind_text:
                r.grant_number = r.grant_number or r.publication_number
                r.granted_on = r.granted_on or r.published_on
            if dates["first_published_on"] is not None:
                r.published_on = dates["first_published_on"]
                if r.publication_number == r.grant_number:
                    r.publication_number = ""
        # IPC (designs carry Locarno classes instead, kept as given). Cells repeat: cached.
        cells = (cell(h["main_ipc"], ""), cell(h["ipc"], ""), r.kind == PatentKind.DESIGN)
        found = self.ipc_cells.get(cells)
        if found is None:
            found = self.ipc_cells[cells] = self.classify(*cells)
        r.main_ipc, r.ipc_codes, invalid = found
        for message in invalid:
            self.quality.add("invalid_ipc", row_number, message)
        raw = cell(h["credit_codes"], "")
        r.credit_codes = [c.strip() for c in str(raw).replace("；", ";").split(";")] if raw else []
        raw = cell(h["address"], "")
        address = self.addresses.get(raw)
        if address is None:
            address = self.addresses[raw] = first_address(raw)[:300]
        r.address = address
        r.province_code = cell(h["province_code"], "")
        r.vendor_place = " ".join(
            part for part in (text(cell(h[f], ""), 40) for f in ("vendor_province", "vendor_city", "vendor_county"))
            if part
        )[:100]  # fmt: skip
        r.inventors = text(cell(h["inventors"], ""), 1000)
        r.agency = text(cell(h["agency"], ""), 200)
        pct = text(cell(h["pct_number"], ""), 40)
        r.pct_number = pct if "PCT" in pct.upper() else ""
        r.pct_publication = text(cell(h["pct_publication"], ""), 40)
        r.priority = text(cell(h["priority"], ""), 300)
        raw = cell(h["family"], "")
        r.family = (
            [
                m for m in (p.strip() for p in str(raw).replace("；", ";").replace("|", ";").split(";"))
                if m and not m.upper().startswith(("CN", "HK", "MO", "TW"))
            ][:100]
            if raw
            else []
        )  # fmt: skip
        r.family_size = _whole(cell(h["family_size"], ""))
        r.cited_by = _whole(cell(h["cited_by"], ""))
        r.value_score = _whole(cell(h["value_score"], ""))
        award = cell(h["award"], "")
        r.awards = self.parse_awards(str(award)) if award else []
        r.legal_state = text(cell(h["status"], ""), 100)
        r.history = text(cell(h["history"], ""), 4000)
        final = self.state_of(r.legal_state)
        r.deals = self.deals(row_number, row)
        if final in DEAL_STATES:
            # 当前法律状态 "权利转移", "许可", "质押": a transaction on a patent in force. Recorded
            # from the state only when the file has no dated column for that kind.
            if final not in {kind for kind, _d, _t in r.deals}:
                if r.final_on is not None and final != EventKind.PLEDGE_RELEASE:
                    r.deals.append((final, r.final_on, _("据当前法律状态")))
                elif final == EventKind.TRANSFER:
                    self.quality.add(
                        "undated_holder_change", row_number, _("当前法律状态为权利转移，但没有日期。")
                    )
            final = self.state_of(cell(h["validity"], "")) or PatentStatus.VALID
        elif final is None:
            final = self.state_of(cell(h["validity"], ""))
        r.final = final
        if r.holders and EventKind.TRANSFER not in {kind for kind, _d, _t in r.deals}:
            self.quality.add(
                "undated_holder_change", row_number,
                lambda: _("申请人“%(a)s”，当前权利人“%(b)s”：文件未给出转让日期，不计入转让次数。")
                % {"a": "; ".join(r.applicants)[:100], "b": r.holders[:100]},
            )  # fmt: skip
        return r

    def state_of(self, value) -> str | None:
        final = self.statuses.get(value, "?")
        if final == "?":
            final = self.statuses[value] = final_status(value)
        return final

    def deals(self, row_number: int, row: dict) -> list[tuple[str, date, str]]:
        """The dated transfers, licences and pledges of a row: (kind, day, who)."""
        h, cell, found = self.headers, row.get, []
        for kind, day_field, from_field, to_field in (
            (EventKind.TRANSFER, "transfer_on", "assignors", "assignees"),
            (EventKind.LICENSE, "license_on", "licensors", "licensees"),
            (EventKind.PLEDGE, "pledge_on", "pledgors", "pledgees"),
        ):
            raw = cell(h[day_field], "")
            if not raw:
                continue
            days = []
            for token in (
                _DATE_TOKEN.findall(str(raw)) if kind == EventKind.PLEDGE else _LIST_SPLIT.split(str(raw))
            ):
                try:
                    day = self.dates(token, self.columns[day_field])
                except ValueProblem as problem:
                    self.quality.add("impossible_dates", row_number, str(problem))
                    continue
                if day is not None and day not in days:
                    days.append(day)
            if kind == EventKind.PLEDGE:
                days = days[::2] if len(days) % 2 == 0 else days  # a term "start 至 end": the start
            who = f"{text(cell(h[from_field], ''), 200)} → {text(cell(h[to_field], ''), 200)}".strip(" →")
            found.extend((kind, day, who[:400]) for day in days)
        return found

    def merge(self, group: list[PatentRecord]) -> PatentRecord:
        """One application's rows as one record: grant data from the grant document,
        bibliographic data from the latest document, the legal state dated latest. A row
        identical to an earlier one is a repeat, reported and otherwise ignored."""
        group.sort(key=lambda r: r.row)
        unique: list[PatentRecord] = []
        for r in group:
            same = next((u for u in unique if u.content == r.content), None)
            if same is not None:
                self.quality.add(
                    "duplicates", r.row, _("与第%(row)s行完全相同（重复导出），已忽略。") % {"row": same.row}
                )
                continue
            unique.append(r)
        if len(unique) == 1:
            return unique[0]
        by_date = sorted(unique, key=lambda r: (r.doc_on or date.min, r.grant_doc, r.row))
        merged = by_date[-1].copy()
        for field in BIBLIOGRAPHIC:
            if not getattr(merged, field):
                value = next((getattr(r, field) for r in reversed(by_date) if getattr(r, field)), None)
                if value:
                    setattr(merged, field, value)
        applications = [r for r in by_date if not r.grant_doc and r.publication_number]
        if applications:
            merged.publication_number, merged.published_on = (
                applications[0].publication_number, applications[0].published_on
            )  # fmt: skip
        else:
            merged.published_on = min((r.published_on for r in by_date if r.published_on), default=None)
        grants = sorted((r for r in by_date if r.granted_on), key=lambda r: (r.granted_on, r.row))
        if grants:
            merged.granted_on = grants[0].granted_on
            merged.grant_number = grants[0].grant_number or merged.grant_number
        merged.grant_doc = any(r.grant_doc for r in unique)
        state = max(
            unique, key=lambda r: (r.final is not None, r.final_on or date.min, r.doc_on or date.min, r.row)
        )
        merged.legal_state, merged.history, merged.final = state.legal_state, state.history, state.final
        merged.final_on, merged.lapse_on = state.final_on, state.lapse_on
        merged.deals = sorted({deal for r in unique for deal in r.deals}, key=lambda d: (d[1], d[0]))
        merged.awards = list(dict.fromkeys(a for r in unique for a in r.awards))
        merged.family = max((r.family for r in unique), key=len)
        merged.family_size = max((r.family_size for r in unique if r.family_size is not None), default=None)
        merged.cited_by = max((r.cited_by for r in unique if r.cited_by is not None), default=None)
        merged.row, merged.rows = unique[0].row, tuple(r.row for r in unique)
        self.quality.add(
            "merged_publications", merged.row,
            lambda: _("申请号 %(n)s：第%(rows)s行为同一申请的不同文献，已合并为一件专利。")
            % {"n": merged.number, "rows": "、".join(str(n) for n in merged.rows)},
        )  # fmt: skip
        return merged

    def finalize(self, r: PatentRecord) -> None:
        self.check_status(r)
        # The content hash (an unchanged record writes nothing on re-import): every field the
        # record stores, as text joined by a separator no cell holds (control characters are
        # dropped on reading).
        day = self.day_text
        parts = [
            r.kind, r.title, r.abstract, day(r.filed_on), r.publication_number, day(r.published_on), r.grant_number,
            day(r.granted_on), r.ipc_codes, "\x1e".join(r.applicants), "\x1e".join(r.credit_codes), r.address,
            str(r.province_code), r.inventors, r.agency, r.pct_number, r.priority, "\x1e".join(r.family),
            r.final or "", day(r.final_on), repr(r.awards) if r.awards else "", r.claims, r.holders, r.legal_state,
            r.history, day(r.lapse_on), repr(r.deals) if r.deals else "", str(r.cited_by), str(r.value_score),
            str(r.family_size), r.pct_publication, day(r.pct_entry_on), r.vendor_place,
        ]  # fmt: skip
        r.row_hash = hashlib.md5("\x1f".join(parts).encode()).hexdigest()

    def day_text(self, day: date | None) -> str:
        if day is None:
            return ""
        text = self.iso_dates.get(day)
        if text is None:
            text = self.iso_dates[day] = day.isoformat()
        return text

    @staticmethod
    def parse_awards(value: str) -> list[tuple[str, str, int]]:
        awards = []
        for part in value.replace("；", ";").split(";"):
            part = part.strip()
            digits = "".join(ch if ch.isdigit() else " " for ch in part).split()
            year = next((int(d) for d in digits if len(d) == 4 and 1985 <= int(d) <= 2100), None)
            if not part or year is None:
                continue
            grade = next((g for g in AWARD_GRADES if g in part), "")
            name = part.replace(str(year), "").replace(grade, "").strip(" （）()年度第届")
            awards.append((name[:100] or "专利奖", grade, year))
        return awards

    def check_status(self, r: PatentRecord) -> None:
        final = r.final
        if r.granted_on is None and r.kind != PatentKind.INVENTION and r.published_on is not None:
            r.granted_on = r.published_on  # utility models and designs are published only on grant
        if final == PatentStatus.VALID and r.granted_on is None:
            self.quality.add("inconsistent_status", r.row, _("状态为有效，但没有授权公告日。"))
        elif final == PatentStatus.PENDING and r.granted_on is not None:
            self.quality.add("inconsistent_status", r.row, _("状态为审中，但有授权公告日。"))
        expires_on = r.expires_on = status.expiry_date(r.kind, r.filed_on)
        if final in ENDING_STATES and r.lapse_on is not None:
            # 失效日 is the day the right ended; 法律文书日期 the day it was announced (later).
            r.final_on = r.lapse_on
        if final == "ended":
            if r.granted_on is None:
                final = EventKind.WITHDRAWAL
            elif (r.final_on or self.today) >= expires_on:
                final = EventKind.EXPIRY
            else:
                final = EventKind.LAPSE
        if final == EventKind.EXPIRY and r.final_on is None:
            r.final_on = expires_on
        if final in (EventKind.LAPSE, EventKind.SURRENDER, EventKind.INVALIDATION) and r.granted_on is None:
            self.quality.add("inconsistent_status", r.row, _("状态为专利权终止或无效，但没有授权公告日。"))
        if final == PatentStatus.VALID and r.granted_on is not None and self.today >= expires_on:
            self.quality.add(
                "inconsistent_status",
                r.row,
                _("已过法定保护期限（%(d)s），但状态为有效。") % {"d": expires_on},
            )
        r.final = final

    def event_for(self, r: PatentRecord) -> tuple[str, date, bool] | None:
        """The dated event a row's final status stands for (None for valid / pending / unknown)."""
        if r.final in (None, PatentStatus.VALID, PatentStatus.PENDING):
            return None
        if r.final_on is None:
            self.quality.add(
                "estimated_dates",
                r.row,
                lambda: _("“%(s)s”未给出日期，按导入日记录。") % {"s": EventKind(r.final).label},
            )
            return r.final, self.today, True
        return r.final, r.final_on, False

    def events_for(self, r: PatentRecord) -> list[tuple[str, date, bool, str]]:
        """The row's final state and its dated transactions, one per kind and day."""
        final = self.event_for(r)
        if not r.deals:
            return [(*final, self.words["from_file"])] if final is not None else []
        events: dict[tuple[str, date], tuple] = {}
        if final is not None:
            events[final[:2]] = (*final, self.words["from_file"])
        for kind, day, who in r.deals:
            detail = (self.words["from_file_who"] % {"w": who})[:500] if who else self.words["from_file"]
            events.setdefault((kind, day), (kind, day, False, detail))
        return list(events.values())

    # -- writing ------------------------------------------------------------------------------
    def locate(self, r: PatentRecord) -> int | None:
        """The region of a record's first applicant: its address read for the filing year (a
        2009 address names the divisions of 2009), else the vendor's own placing, else the
        province code. A disagreement with the vendor's county is listed in the quality report."""
        region_id = None
        if r.address:
            region_id, reason = self.regions.resolve(r.address, r.filed_on.year)
            if region_id is None and r.vendor_place:
                region_id, _reason = self.regions.resolve(r.vendor_place, r.filed_on.year)
            if region_id is None:
                self.quality.add("unresolved_addresses", r.row, f"{r.address}：{reason}")
        elif r.vendor_place:
            region_id, _reason = self.regions.resolve(r.vendor_place, r.filed_on.year)
        elif r.province_code:
            region_id = self.regions.province(r.province_code)
        if region_id is not None and r.vendor_place and r.address:
            county = r.vendor_place.split()[-1]
            agrees = self.agrees.get((region_id, county))
            if agrees is None:
                agrees = self.agrees[(region_id, county)] = self.regions.names_place(region_id, county)
            if not agrees:
                self.quality.add(
                    "place_mismatch", r.row,
                    lambda: _("地址“%(a)s”解析为%(r)s，数据商标注为“%(v)s”。")
                    % {"a": r.address[:80], "r": self.regions.name.get(region_id, ""), "v": r.vendor_place},
                )  # fmt: skip
        return region_id

    def prepare(self) -> None:
        self.linker = Linker()
        self.load_regions()

    def load_regions(self) -> None:
        if self.regions is None:
            self.regions = Regions()
            # Into an empty registry every row is new (the rows of one application are merged by
            # the parser), so no lookups are needed.
            self.registry_empty = not Patent.everything.exists()

    def parse_chunk(self, chunk: list[tuple[int, dict]], last: bool = False) -> dict:
        """Group, parse, merge, locate and stage a chunk; runs in the parsing process.

        The rows of an application exported as several publications wait until all have been
        read, then leave as one record. An application whose rows are exactly those a previous
        import stored (``source_hash``) leaves as a count, unparsed; new records leave as
        ready-to-write rows (dates as ISO text, JSON as text); records already in the registry
        leave whole (for the update path) or as a count if unchanged. Reading the registry here is
        safe: the writing process's rows are not committed yet, and an application leaves the
        parser once.
        """
        if not self.columns:  # no row at all (a parsing process given none of a small file's)
            return {"new": [], "changed": [], "unchanged": []}
        groups = []
        if self.multi is None and self.multi_from is not None:
            try:  # at the end of the rows the count is needed: waited for
                self.multi = self.multi_from.get() if last else self.multi_from.get_nowait()
            except queues.Empty:
                pass
            else:  # the count has come: what waited only for it leaves
                groups = [(k, g) for k, g in self.pending.items() if len(g) >= self.multi.get(k, 1)]
                for key, _group in groups:
                    del self.pending[key]
        column, key_of = self.headers["number"], patentno.key
        for number, row in chunk:
            key = key_of(row.get(column, ""))
            if self.multi is None or key in self.multi:
                group = self.pending.setdefault(key, [])
                group.append((number, row))
                if self.multi is None or len(group) < self.multi[key]:
                    continue
                del self.pending[key]
                groups.append((key, group))
            else:
                groups.append((key, [(number, row)]))
        if last:
            if self.partial:
                self.leftover = [row for group in self.pending.values() for row in group]
            else:
                groups.extend(self.pending.items())
            self.pending = {}
        self.load_regions()
        stored = self.stored
        if stored is None and not self.registry_empty:
            stored = {
                number: (pk, source, region_id) for number, (pk, _row_hash, outside, source, region_id) in
                self.existing({canonical(key) for key, _group in groups} - {None}).items() if not outside
            }  # fmt: skip
        records, unchanged = [], []
        for key, group in groups:
            source = self.source_digest(group)
            found = stored.get(canonical(key)) if stored else None
            if found is not None and found[1] == source:
                # As stored by an earlier import: not parsed again.
                unchanged.append((found[0], group[0][0], found[2], False))
                continue
            if len(group) == 1:
                r = self.parse(*group[0])
                if r is None:
                    continue
                parsed = (r,)
            else:
                parsed = []
                for number, row in group:
                    r = self.parse(number, row)
                    if r is not None:
                        r.content = hash(tuple(row.values()))  # an identical repeat is told by it
                        parsed.append(r)
                if not parsed:
                    continue
                r = self.merge(parsed) if len(parsed) > 1 else parsed[0]
            # Rows refused or set aside are read again next time, so that they are reported again.
            r.source_hash = source if len(parsed) == len(group) == len(r.rows) else ""
            records.append(r)
        for r in records:
            self.finalize(r)
        existing = {} if self.registry_empty or not records else self.existing({r.number for r in records})
        staged, changed = [], []
        for r in records:
            found = existing.get(r.number)
            if found is None:
                staged.append(self.stage(r))
            elif found[1] == r.row_hash and not found[2]:  # a record kept for analysis may join the registry
                unchanged.append((found[0], r.row, found[4], found[2]))
            else:
                changed.append((found[0], r))
        return {"new": staged, "changed": changed, "unchanged": unchanged}

    def places_of_leftover(self) -> dict:
        """The resolved addresses the rows set aside (``leftover``) need, to go with them to the
        parent: it then joins and places them without loading the address parser (seconds and a
        few hundred megabytes). Each row is parsed and located here on a scratch report. Not
        where the registry's records were read first (``preload``: a re-import, whose rows are
        mostly as stored and need no place)."""
        if self.stored is not None:
            return {}
        quality, errors, rejected = self.quality, len(self.errors), self.rejected
        self.quality = Quality()
        try:
            for number, row in self.leftover:
                r = self.parse(number, row)
                if r is not None:
                    self.locate(r)
        finally:
            self.quality, self.rejected = quality, rejected
            del self.errors[errors:]
        return self.regions.cache

    def preload(self, path: Path, rows: int | None = None) -> None:
        """Before a file that covers much of the registry (of ``rows`` rows, counted if not given):
        the source hashes of the registry's records, read in one pass (a lookup per chunk would
        cost several times as much)."""
        self.load_regions()
        if self.registry_empty or Patent.everything.count() > 4 * (
            count_rows(path) if rows is None else rows
        ):
            return
        self.stored = {  # in the table's order: sorted by filing date it took 3.7 times as long
            number: (pk, source, region_id) for number, pk, source, region_id in Patent.everything.order_by()
            .filter(outside=False).exclude(source_hash="")
            .values_list("number", "pk", "source_hash", "region_id").iterator(chunk_size=20000)
        }  # fmt: skip

    def existing(self, numbers) -> dict[str, tuple]:
        """number → (id, row hash, kept for analysis only, source hash, region id) of records in the registry."""
        numbers = list(numbers)
        found = {}
        for start in range(0, len(numbers), 5000):
            for number, *values in (
                Patent.everything.order_by()
                .filter(number__in=numbers[start : start + 5000])
                .values_list("number", "pk", "row_hash", "outside", "source_hash", "region_id")
            ):
                found[number] = tuple(values)
        return found

    def source_digest(self, group: list[tuple[int, dict]]) -> str:
        """The rows of one application as read, in any order, under this file's columns."""
        if self.columns_digest is None:
            self.columns_digest = hashlib.md5("\x1f".join([SOURCE_VERSION, *self.headers_read]).encode())
        digest = self.columns_digest.copy()
        if len(group) == 1:
            values = group[0][1].values()
            try:
                digest.update("\x1f".join(values).encode())
            except TypeError:  # a spreadsheet's numbers and dates
                digest.update("\x1f".join(map(str, values)).encode())
        else:
            digest.update(
                "\x1e".join(sorted("\x1f".join(map(str, row.values())) for _n, row in group)).encode()
            )
        return digest.hexdigest()

    def stage(self, r: PatentRecord) -> tuple:
        region_id = self.locate(r)
        events = self.events_for(r)
        ending = [e[:2] for e in events if e[0] in status.ENDING or e[0] == EventKind.RESTORATION]
        ended_on, end_status, expires_on = status.validity(
            r.kind, r.filed_on, r.granted_on, ending, r.expires_on
        )

        def iso(day):  # as ISO text, or NULL
            return self.day_text(day) or None

        row = [
            None, r.number, r.kind, r.title, r.abstract, r.claims, iso(r.filed_on), r.publication_number, iso(r.published_on),
            r.grant_number, iso(r.granted_on), r.main_ipc, r.ipc_codes, "; ".join(r.applicants)[:1000], None,
            r.address, region_id, r.inventors, r.agency, r.pct_number, r.priority,
            json.dumps(r.family, ensure_ascii=False) if r.family else "[]", r.family_size, r.pct_publication,
            iso(r.pct_entry_on), r.holders, r.legal_state, iso(r.final_on), r.history, r.cited_by, r.value_score,
            r.vendor_place, False, "", iso(expires_on), iso(ended_on), str(end_status) if end_status else end_status,
            None, r.row_hash, r.source_hash,
            None, None,
        ]  # fmt: skip
        events = [(str(kind), iso(day), estimated, detail) for kind, day, estimated, detail in events]
        return r.row, region_id, r.applicants, r.credit_codes, r.address, events, r.awards, row

    def write_chunk(self, payload: dict) -> None:
        self.insert(payload["new"])
        found = self.known([pk for pk, _r in payload["changed"]])
        for _pk, _row_number, region_id, outside in payload["unchanged"]:
            if outside or self.may_write(region_id):
                self.batch.unchanged += 1
            else:
                self.outside += 1  # another region's record, as it is: analysis reads it where it is
        for pk, r in payload["changed"]:
            region_id, outside = found[pk]
            if outside and r.row_hash == self.hashes.get(pk) and self.place_of(r)[2]:
                self.outside += 1  # kept for analysis, unchanged, and still outside the importer's area
            elif outside:
                self.update(pk, r, outside)
            elif self.may_write(region_id):
                if self.place_of(r)[2]:
                    # The office's own record, placed outside its area by the file: a move out of
                    # the area is for the office that receives it (issue 29), not this one.
                    self.error(
                        r.row, "address", _("第一申请人地址不在您的管辖范围（%(scope)s）内，本行未导入。") % {"scope": self.within.name},
                        "out_of_scope",
                    )  # fmt: skip
                else:
                    self.update(pk, r, outside)
            elif self.place_of(r)[2]:
                self.outside += 1  # outside the area in the file too: the record stays as it is
            else:
                self.refuse_foreign(r.row)

    def known(self, pks: list[int]) -> dict[int, tuple[int | None, bool]]:
        self.hashes = {}
        if not pks:
            return {}
        found = {}
        for pk, region_id, outside, row_hash in (
            Patent.everything.order_by()
            .filter(pk__in=pks)
            .values_list("pk", "region_id", "outside", "row_hash")
        ):
            found[pk] = (region_id, outside)
            self.hashes[pk] = row_hash
        return found

    def place_of(self, r: PatentRecord) -> tuple[int | None, str, bool]:
        """(region id, region code, outside the importer's area) of a record."""
        region_id = self.locate(r)
        return region_id, self.regions.code.get(region_id, ""), self.is_outside(region_id)

    def is_outside(self, region_id: int | None) -> bool:
        return (
            self.within is not None
            and region_id is not None
            and not self.regions.within(region_id, self.within)
        )

    def place(
        self, row_number: int, region_id: int | None, applicants: list, credit_codes: list, address: str
    ) -> tuple[int | None, list, bool]:
        """Applicant links, final region and whether the record lies outside the importer's
        area. Outside, it is kept for analysis only: no region, no links to the registry's
        entities (the applicants' names stay on the record)."""
        if self.is_outside(region_id):
            links = [
                (position, name[:200], None, []) for position, name in enumerate(applicants[:50], start=1)
            ]
            return region_id, links, True
        links = []
        for position, name in enumerate(applicants[:50], start=1):
            code = credit_codes[position - 1] if position - 1 < len(credit_codes) else ""
            # The address is the first applicant's: a co-applicant organisation (三峡大学 beside a
            # 宜都 firm) is not placed by it; a co-applicant person is matched within the region.
            here = region_id if position == 1 or guess_kind(name) == EntityKind.INDIVIDUAL else None
            link = self.linker.link(
                name, credit_code=code, region_id=here, address=address if position == 1 else ""
            )
            links.append((position, name[:200], link.entity_id, link.candidates))
        if region_id is None and links[0][2] is not None:
            region_id = self.linker.region_of.get(links[0][2])
            if self.is_outside(region_id):
                return region_id, [(p, n, None, []) for p, n, _e, _c in links], True
        return region_id, links, False

    def insert(self, staged: list[tuple]) -> None:
        placed = [
            (
                row_number,
                self.place(row_number, region_id, applicants, credit_codes, address),
                events,
                awards,
                row,
            )
            for row_number, region_id, applicants, credit_codes, address, events, awards, row in staged
        ]
        if not placed:
            return
        self.linker.flush()
        ids = reserve_ids(Patent, len(placed))
        applicant_ids = iter(reserve_ids(PatentApplicant, sum(len(p[1][1]) for p in placed)))
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        batch = self.batch.pk
        patents, applicants, events, awards = [], [], [], []
        at = self.AT
        for pk, (row_number, (region_id, links, outside), record_events, record_awards, row) in zip(
            ids, placed, strict=True
        ):
            row[at["id"]], row[at["first_applicant"]] = pk, links[0][2]
            if outside:
                row[at["region"]], row[at["outside"]], row[at["place"]] = (
                    None,
                    True,
                    self.regions.code.get(region_id, ""),
                )
                self.outside += 1
            else:
                row[at["region"]] = region_id
            row[at["import_batch"]], row[at["created_at"]], row[at["updated_at"]] = batch, now, now
            patents.append(row)
            for position, name, entity_id, candidates in links:
                link_id = next(applicant_ids)
                applicants.append(
                    (link_id, pk, position, name, entity_id, row[at["granted_on"]], row[at["ended_on"]])
                )
                if candidates:
                    self.reviews.append((link_id, name, candidates, region_id))
                    self.quality.add("ambiguous_holders", row_number, name)
            for kind, day, estimated, detail in record_events:
                events.append((pk, kind, day, estimated, detail, batch, now))
            for award, grade, year in record_awards:
                awards.append((pk, award, grade, year, ""))
        insert_rows(Patent, self.PATENT_FIELDS, patents, prepared=True)
        self.touched.update(ids)
        insert_rows(
            PatentApplicant,
            ["id", "patent", "position", "name", "entity", "granted_on", "ended_on"],
            applicants,
            prepared=True,
        )
        insert_rows(
            PatentEvent,
            ["patent", "kind", "effective_on", "date_estimated", "detail", "import_batch", "created_at"],
            events,
            prepared=True,
        )
        insert_rows(PatentAward, ["patent", "award", "grade", "year", "session"], awards, prepared=True)
        self.batch.created += len(patents) - sum(1 for p in placed if p[1][2])
        self.batch.events_added += len(events)

    def update(self, pk: int, r: PatentRecord, was_outside: bool = False) -> None:
        region_id, links, outside = self.place(r.row, self.locate(r), r.applicants, r.credit_codes, r.address)
        self.linker.flush()
        patent = Patent.everything.get(pk=pk)
        if r.granted_on is None and patent.granted_on is not None:
            # A later file holding only an earlier document (the A row) keeps the grant known.
            r.granted_on, r.grant_number = patent.granted_on, r.grant_number or patent.grant_number
        previous = {f: getattr(patent, Patent._meta.get_field(f).attname) for f in self.UPDATE_FIELDS}
        previous["applicant_links"] = list(
            patent.applicant_links.values_list("position", "name", "entity_id")
        )
        ImportUndo.objects.create(
            batch=self.batch,
            model="patent",
            object_id=pk,
            previous=json.loads(json.dumps(previous, cls=DjangoJSONEncoder)),
        )
        events = list(patent.events.values_list("kind", "effective_on"))
        added = None
        appended = self.status_change(r, events)
        if appended is not None:
            kind, day, estimated, detail = appended
            added = PatentEvent.objects.create(
                patent=patent, kind=kind, effective_on=day, date_estimated=estimated, detail=detail,
                import_batch=self.batch,
            )  # fmt: skip
            events.append((kind, day))
            self.batch.events_added += 1
        for kind, day, who in r.deals:
            if (kind, day) not in events:
                created = PatentEvent.objects.create(
                    patent=patent, kind=kind, effective_on=day, import_batch=self.batch,
                    detail=((_("据导入数据：%(w)s") % {"w": who}) if who else _("据导入数据"))[:500],
                )  # fmt: skip
                events.append((kind, day))
                self.batch.events_added += 1
                if kind == EventKind.TRANSFER and (added is None or added.kind != EventKind.TRANSFER):
                    added = created
        if not outside and not was_outside:
            self.record_move(patent, previous, region_id, r, added, events)
        ended_on, end_status, expires_on = status.validity(r.kind, r.filed_on, r.granted_on, events)
        values = dict(
            kind=r.kind, title=r.title, abstract=r.abstract, claims=r.claims, filed_on=r.filed_on, publication_number=r.publication_number,
            published_on=r.published_on, grant_number=r.grant_number, granted_on=r.granted_on, main_ipc=r.main_ipc,
            ipc_codes=r.ipc_codes, applicants="; ".join(r.applicants)[:1000], first_applicant_id=links[0][2],
            address=r.address, region_id=None if outside else region_id, inventors=r.inventors, agency=r.agency,
            pct_number=r.pct_number, priority=r.priority, family=r.family, family_size=r.family_size,
            pct_publication=r.pct_publication, pct_entry_on=r.pct_entry_on, holders=r.holders, legal_state=r.legal_state,
            legal_state_on=r.final_on, legal_history=r.history, cited_by=r.cited_by, value_score=r.value_score,
            vendor_place=r.vendor_place, outside=outside, place=self.regions.code.get(region_id, "") if outside else "",
            expires_on=expires_on, ended_on=ended_on, end_status=end_status, row_hash=r.row_hash,
            source_hash=r.source_hash, updated_at=timezone.now(),
        )  # fmt: skip
        Patent.everything.filter(pk=pk).update(**values)
        self.touched.add(pk)
        if [(p, n, e) for p, n, e, _c in links] != previous["applicant_links"]:
            patent.applicant_links.all().delete()
            for position, name, entity_id, candidates in links:
                link = PatentApplicant.objects.create(
                    patent=patent, position=position, name=name, entity_id=entity_id
                )
                if candidates:
                    self.reviews.append((link.pk, name, candidates, region_id))
        for award, grade, year in r.awards:
            PatentAward.objects.get_or_create(
                patent=patent, award=award, year=year, defaults={"grade": grade}
            )
        if outside:
            self.outside += 1
        else:
            self.batch.updated += 1

    def record_move(self, patent, previous: dict, region_id, r: PatentRecord, added, events: list) -> None:
        """A new holder in another region: keep where the patent was, dated by the row's transfer
        event. Without one the move is kept (so earlier figures stay put) on the import date,
        marked estimated, and counted in no flow indicator ("权利人变更无日期")."""
        before = previous["region"]
        holders = "; ".join(r.applicants)[:1000]
        if before is None or region_id is None or before == region_id or holders == previous["applicants"]:
            return
        old, new = self.regions.prefix.get(before, ""), self.regions.prefix.get(region_id, "")
        if old and new and (old.startswith(new) or new.startswith(old)):
            return  # the same place, located more (or less) precisely
        detail = _("据导入数据：权利人由“%(a)s”变更为“%(b)s”") % {
            "a": previous["applicants"][:200],
            "b": holders[:200],
        }
        if added is not None and added.kind == EventKind.TRANSFER:
            event = added
        else:
            event, created = PatentEvent.objects.get_or_create(
                patent=patent, kind=EventKind.TRANSFER, effective_on=self.today,
                defaults={"date_estimated": True, "import_batch": self.batch},
            )  # fmt: skip
            if created:
                events.append((EventKind.TRANSFER, self.today))
                self.batch.events_added += 1
                self.quality.add(
                    "undated_holder_change", r.row,
                    _("权利人由“%(a)s”变更为“%(b)s”，文件未给出日期：按导入日记录区划变化，不计入转让次数。")
                    % {"a": previous["applicants"][:100], "b": holders[:100]},
                )  # fmt: skip
        PatentEvent.objects.filter(pk=event.pk).update(
            region_before_id=before, region_after_id=region_id, detail=detail[:500]
        )

    def status_change(self, r: PatentRecord, events: list) -> tuple | None:
        """The event a re-imported row adds to a known patent's timeline, if its status moved."""
        ended_on, end_status, _expires = status.validity(r.kind, r.filed_on, r.granted_on, events)
        if r.final == PatentStatus.VALID:
            restorable = (PatentStatus.LAPSED, PatentStatus.WITHDRAWN, PatentStatus.REJECTED)
            if ended_on is not None and ended_on <= self.today and end_status in restorable:
                day = r.final_on or self.today
                return EventKind.RESTORATION, day, r.final_on is None, _("据导入数据：状态恢复为有效")
            return None
        event = self.event_for(r)
        if event is None or (event[0], event[1]) in events:
            return None
        if event[0] in status.ENDING and ended_on is not None and ended_on <= event[1]:
            if end_status == status.ENDING[event[0]]:
                return None  # already ended that way (perhaps dated differently by another source)
        return event[0], event[1], event[2], _("据导入数据")

    def finish(self) -> None:
        self.linker.flush()
        write_reviews(self.batch, self.reviews, field="patent_applicant_id")
        self.entities_recorded = record_created_entities(self.batch, self.linker, self.entities_recorded)
        self.batch.outside = self.outside


def write_reviews(batch: ImportBatch, reviews: list, *, field: str, right_model: str = "") -> None:
    objects = [
        LinkReview(
            name=name,
            name_key=name_key(name),
            region_id=region_id,
            import_batch=batch,
            right_model=right_model,
            **{field: target},
        )
        for target, name, _candidates, region_id in reviews
    ]
    LinkReview.objects.bulk_create(objects, batch_size=500)
    through = LinkReview.candidates.through
    through.objects.bulk_create(
        [
            through(linkreview_id=review.pk, entity_id=entity_id)
            for review, (_t, _n, candidates, _r) in zip(objects, reviews, strict=True)
            for entity_id in candidates
        ],
        batch_size=500,
    )


def record_created_entities(batch: ImportBatch, linker: Linker, start: int = 0) -> int:
    """Note the entities the import created (from the ``start``-th on) for undo; returns how
    many are noted in all."""
    batch.entities_created = linker.created
    insert_rows(
        ImportUndo,
        ["batch", "model", "object_id", "previous"],
        ((batch.pk, "entity", pk, {}) for pk in linker.created_ids[start:]),
    )
    return len(linker.created_ids)


# ---------------------------------------------------------------------------------------------
# Trademarks and the other registries (smaller files: ORM writes, one process)

RIGHT_STATUS_WORDS: list[tuple[str, str]] = [
    ("无效", RightStatus.INVALIDATED),
    ("撤销", RightStatus.INVALIDATED),
    ("注销", RightStatus.WITHDRAWN),
    ("撤回", RightStatus.WITHDRAWN),
    ("驳回", RightStatus.REJECTED),
    ("期满", RightStatus.EXPIRED),
    ("未续展", RightStatus.EXPIRED),
    ("届满", RightStatus.EXPIRED),
    ("失效", RightStatus.EXPIRED),
    ("审查", RightStatus.PENDING),
    ("申请中", RightStatus.PENDING),
    ("初审", RightStatus.PENDING),
    ("待审", RightStatus.PENDING),
    ("公告", RightStatus.PENDING),
    ("注册", RightStatus.VALID),
    ("有效", RightStatus.VALID),
    ("授权", RightStatus.VALID),
    ("登记", RightStatus.VALID),
]
ENDED_RIGHT = {RightStatus.INVALIDATED, RightStatus.WITHDRAWN, RightStatus.REJECTED, RightStatus.EXPIRED}
_TERM = re.compile(
    r"(\d{4}\D{1,2}\d{1,2}\D{1,2}\d{1,2}\D?)\s*(?:至|到|-|—|~|～)\s*(\d{4}\D{1,2}\d{1,2}\D{1,2}\d{1,2}\D?)"
)


def right_status(value: str) -> str | None:
    for word, meaning in RIGHT_STATUS_WORDS:
        if word in str(value or ""):
            return meaning
    return None


class RightImport(BaseImport):
    """Trademarks, geographical indications, copyrights, varieties, layout designs, data-IP."""

    model = None
    extra_fields: list[str] = []

    def prepare(self) -> None:
        self.linker = Linker()
        self.regions = Regions()
        self.reviews: list = []

    def key(self, values: dict) -> tuple:
        return (values["number"],)

    def existing(self, keys: list[tuple]) -> dict[tuple, object]:
        numbers = [k[0] for k in keys]
        return {self.key(vars(o)): o for o in self.model.objects.filter(number__in=numbers)}

    def parse_chunk(self, chunk, last=False):
        records = []
        for number, row in chunk:
            values = self.parse(number, row)
            if values is not None:
                records.append((number, values))
        return records

    def parse(self, row_number: int, row: dict) -> dict | None:
        h, cell = self.headers, row.get
        values = {
            "number": fold(str(cell(h["number"], ""))).replace(" ", "")[:40],
            "title": text(cell(h["title"], ""), 300),
            "holder_names": split_names(cell(h["holders"], "")),
            "credit_codes": [
                c.strip() for c in str(cell(h["credit_codes"], "") or "").replace("；", ";").split(";")
            ],
            "address": first_address(cell(h["address"], ""))[:300],
            "note": text(cell(h.get("note", "\0"), ""), 500),
        }
        for field, message in (
            ("number", _("登记号不能为空。")),
            ("title", _("名称不能为空。")),
            ("holder_names", _("权利人不能为空。")),
        ):
            if not values[field]:
                self.error(row_number, "holders" if field == "holder_names" else field, message)
                return None
        try:
            for field in ("filed_on", "registered_on", "expires_on"):
                values[field] = self.date(row, field) if field in self.headers else None
            for field in self.date_fields:
                values[field] = self.date(row, field) if field in self.headers else None
        except ValueProblem as problem:
            self.error(row_number, "", str(problem), "impossible_dates")
            return None
        if values["filed_on"] and values["registered_on"] and values["registered_on"] < values["filed_on"]:
            self.error(row_number, "registered_on", _("登记（注册）日早于申请日。"), "impossible_dates")
            return None
        if self.parse_extra(row_number, row, values) is False:
            return None
        state = right_status(cell(h.get("status", "\0"), ""))
        values["status"] = state or (RightStatus.VALID if values["registered_on"] else RightStatus.PENDING)
        values["ended_on"] = None
        if values["status"] == RightStatus.EXPIRED and values["expires_on"]:
            values["ended_on"] = values["expires_on"] + timedelta(days=1)
        elif values["status"] in ENDED_RIGHT:
            values["ended_on"] = self.today
            self.quality.add(
                "estimated_dates",
                row_number,
                _("状态“%(s)s”未给出日期，按导入日记录。") % {"s": RightStatus(values["status"]).label},
            )
        if (
            values["status"] == RightStatus.VALID
            and values["expires_on"]
            and values["expires_on"] < self.today
        ):
            self.quality.add(
                "inconsistent_status",
                row_number,
                _("有效期已于%(d)s届满，但状态为有效。") % {"d": values["expires_on"]},
            )
        values["row_hash"] = hashlib.md5(repr(sorted(values.items())).encode()).hexdigest()
        return values

    date_fields: list[str] = []

    def parse_extra(self, row_number: int, row: dict, values: dict) -> bool | None:
        return None

    def write_chunk(self, records) -> None:
        keyed = {}
        for row_number, values in records:
            key = self.key(values)
            if key in keyed:
                self.error(
                    row_number,
                    "number",
                    _("与第%(row)s行重复，本行未导入。") % {"row": keyed[key][0]},
                    "duplicates",
                )
                continue
            keyed[key] = (row_number, values)
        found = self.existing(list(keyed))
        new = []
        for key, (row_number, values) in keyed.items():
            current = found.get(key)
            if current is not None and not self.may_write(current.region_id):
                self.refuse_foreign(row_number)
                continue
            if current is not None and current.row_hash == values["row_hash"]:
                self.batch.unchanged += 1
                continue
            placed = self.place(row_number, values)
            if placed is None:
                continue
            holder_id, region_id, candidates = placed
            fields = {k: v for k, v in values.items() if k not in ("holder_names", "credit_codes")}
            fields.update(
                holders="; ".join(values["holder_names"])[:1000], holder_id=holder_id, region_id=region_id
            )
            if current is None:
                obj = self.model(import_batch=self.batch, **fields)
                new.append((obj, candidates, values["holder_names"][0], region_id))
            else:
                previous = {f.attname: f.value_from_object(current) for f in self.model._meta.concrete_fields}
                ImportUndo.objects.create(
                    batch=self.batch, model=self.model._meta.model_name, object_id=current.pk,
                    previous=json.loads(json.dumps(previous, cls=DjangoJSONEncoder)),
                )  # fmt: skip
                for name, value in fields.items():
                    setattr(current, name, value)
                current.save()
                self.batch.updated += 1
                if candidates:
                    self.reviews.append((current.pk, values["holder_names"][0], candidates, region_id))
        self.linker.flush()
        self.model.objects.bulk_create([n[0] for n in new], batch_size=500)
        for obj, candidates, name, region_id in new:
            if candidates:
                self.reviews.append((obj.pk, name, candidates, region_id))
                self.quality.add("ambiguous_holders", 0, name)
        self.batch.created += len(new)

    def place(self, row_number: int, values: dict) -> tuple | None:
        region_id = None
        if values["address"]:
            year = (values.get("filed_on") or values.get("registered_on") or self.today).year
            region_id, reason = self.regions.resolve(values["address"], year)
            if region_id is None:
                self.quality.add("unresolved_addresses", row_number, f"{values['address']}：{reason}")
        name = values["holder_names"][0]
        link = self.linker.link(
            name, credit_code=values["credit_codes"][0], region_id=region_id, address=values["address"]
        )
        if region_id is None and link.entity_id is not None:
            region_id = self.linker.region_of.get(link.entity_id)
        if (
            self.within is not None
            and region_id is not None
            and not self.regions.within(region_id, self.within)
        ):
            self.error(
                row_number,
                "address",
                _("权利人地址不在您的管辖范围（%(scope)s）内，本行未导入。") % {"scope": self.within.name},
                "out_of_scope",
            )
            return None
        return link.entity_id, region_id, link.candidates

    def finish(self) -> None:
        self.linker.flush()
        write_reviews(self.batch, self.reviews, field="right_id", right_model=self.model._meta.model_name)
        self.entities_recorded = record_created_entities(self.batch, self.linker, self.entities_recorded)


class TrademarkImport(RightImport):
    kind = ImportKind.TRADEMARKS
    model = Trademark
    fields = profiles.TRADEMARK_FIELDS
    required = profiles.TRADEMARK_REQUIRED
    profiles = profiles.TRADEMARK_PROFILES
    date_fields = ["published_on", "well_known_on"]

    def key(self, values: dict) -> tuple:
        return (values["number"], values["nice_class"])

    def existing(self, keys):
        numbers = [k[0] for k in keys]
        return {(o.number, o.nice_class): o for o in Trademark.objects.filter(number__in=numbers)}

    def parse_extra(self, row_number, row, values) -> bool | None:
        h, cell = self.headers, row.get
        raw_class = str(cell(h["nice_class"], "")).strip().removeprefix("第").removesuffix("类")
        try:
            nice = int(float(raw_class))
        except ValueError:
            nice = 0
        if not 1 <= nice <= 45:
            self.error(
                row_number,
                "nice_class",
                _("国际分类“%(v)s”应为1至45之间的整数。") % {"v": raw_class},
                "invalid_numbers",
            )
            return False
        values["nice_class"] = nice
        term = _TERM.search(fold(str(cell(h["term"], ""))))
        if term:
            try:
                start, end = (
                    self.dates(term[1], self.columns["term"]),
                    self.dates(term[2], self.columns["term"]),
                )
            except ValueProblem as problem:
                self.error(row_number, "term", str(problem), "impossible_dates")
                return False
            values["registered_on"] = values["registered_on"] or start
            values["expires_on"] = values["expires_on"] or end
        kind_text = str(cell(h["mark_kind"], ""))
        values["mark_kind"] = (
            MarkKind.COLLECTIVE
            if "集体" in kind_text
            else MarkKind.CERTIFICATION
            if "证明" in kind_text
            else MarkKind.ORDINARY
        )
        values["is_gi"] = flag(cell(h["is_gi"], "")) or "地理标志" in kind_text
        values["madrid_number"] = text(cell(h["madrid_number"], ""), 20)
        values["madrid"] = bool(values["madrid_number"]) or flag(cell(h["madrid"], ""))
        values["well_known"] = flag(cell(h["well_known"], "")) or values["well_known_on"] is not None
        values["agency"] = text(cell(h["agency"], ""), 200)
        if "goods" in self.columns:  # 商品/服务项目 (files without it keep their hashes)
            values["goods"] = text(cell(h["goods"], ""), 4000)
        return None


def _right_import(kind: str, model_class, extra: dict[str, list[str]], handle_extra=None):
    fields = {**profiles.COMMON_RIGHT_FIELDS, **extra}
    date_fields = [f for f in extra if f.endswith("_on")]

    class Import(RightImport):
        pass

    Import.kind, Import.model, Import.fields, Import.required = (
        kind,
        model_class,
        fields,
        profiles.RIGHT_REQUIRED,
    )
    Import.profiles = {"zhichan": ("知产导入模板", [aliases[0] for aliases in fields.values()])}
    Import.date_fields = date_fields

    def parse_extra(self, row_number, row, values):
        for field in extra:
            if field not in ("number", "title") and field not in date_fields:
                values[field] = text(row.get(self.headers[field], ""), 100 if field != "area" else 2000)
        return handle_extra(self, row_number, values) if handle_extra else None

    Import.parse_extra = parse_extra
    Import.__name__ = f"{model_class.__name__}Import"
    return Import


def _gi_mode(importer, row_number, values):
    mode = values.pop("mode", "")
    values["mode"] = GIMode.AGI if "农产品" in mode else GIMode.TRADEMARK if "商标" in mode else GIMode.PGI
    return None


def _copyright_kind(importer, row_number, values):
    kind = values.pop("kind", "")
    values["kind"] = (
        CopyrightKind.SOFTWARE
        if ("软件" in kind or "软著" in kind or "软件" in values["title"])
        else CopyrightKind.WORK
    )
    return None


# ---------------------------------------------------------------------------------------------
# Pledge-registration lists: pledge and release events on the patent timeline


class PledgeImport(BaseImport):
    """Pledge-registration lists: one registration per 登记号 (rows sharing it are its several
    rights), recorded as finance.Pledge with its items, and pledge/release events on patents."""

    kind = ImportKind.PLEDGES
    fields = profiles.PLEDGE_FIELDS
    required = profiles.PLEDGE_REQUIRED
    profiles = profiles.PLEDGE_PROFILES
    ITEM_KINDS = (("商标", "trademark"), ("地理标志", "gi"), ("著作权", "copyright"), ("版权", "copyright"),
                  ("数据", "dataip"), ("专利", "patent"))  # fmt: skip

    def parse_chunk(self, chunk, last=False):
        records = []
        for row_number, row in chunk:
            get = lambda f, row=row: text(row.get(self.headers[f], ""), 200)  # noqa: E731
            kind_text = get("item_kind")
            item_kind = next((k for word, k in self.ITEM_KINDS if word in kind_text), "patent")
            raw = row.get(self.headers["number"], "")
            if item_kind == "patent":
                try:
                    number = patentno.normalize(raw)
                except patentno.InvalidApplicationNumber as problem:
                    self.error(row_number, "number", str(problem), "invalid_numbers")
                    continue
            else:
                number = text(raw, 40)
                if not number:
                    self.error(row_number, "number", _("号码不能为空。"))
                    continue
            try:
                registered_on = self.date(row, "registered_on")
                released_on = self.date(row, "released_on")
                loan_start = self.date(row, "loan_start")
                loan_end = self.date(row, "loan_end")
            except ValueProblem as problem:
                self.error(row_number, "registered_on", str(problem), "impossible_dates")
                continue
            if registered_on is None:
                self.error(row_number, "registered_on", _("登记日不能为空。"))
                continue
            if released_on is not None and released_on < registered_on:
                self.error(row_number, "released_on", _("解除日早于登记日。"), "impossible_dates")
                continue
            if loan_start and loan_end and loan_end <= loan_start:
                self.error(row_number, "loan_end", _("贷款到期日应晚于起始日。"), "impossible_dates")
                continue
            try:
                unit = "万元" if "万元" in self.columns.get("amount", "") else "元"
                amount = money(row.get(self.headers["amount"], ""), unit)
                item_unit = "万元" if "万元" in self.columns.get("item_amount", "") else "元"
                item_amount = money(row.get(self.headers["item_amount"], ""), item_unit)
                rate_text = get("loan_rate").replace("%", "").replace("％", "")
                rate = Decimal(rate_text) if rate_text else None
            except (ValueProblem, ArithmeticError) as problem:
                self.error(row_number, "amount", str(problem) or _("金额或利率不是数字。"))
                continue
            if amount is not None and amount <= 0:
                self.error(row_number, "amount", _("质押融资金额应大于零。"))
                continue
            records.append((
                row_number, item_kind, number, get("title"), get("pledgor") or "—", get("pledgee") or "—",
                get("contract"), registered_on, released_on, amount, loan_start, loan_end, rate, item_amount,
            ))  # fmt: skip
        return records

    def prepare(self) -> None:
        self.regions = Regions()

    def write_chunk(self, records) -> None:
        from zhichan.finance.models import Pledge, PledgeItem
        from zhichan.finance.services import (
            ItemData,
            entity_named,
            pledge_events_add,
            pledge_item,
            pledged_already,
        )

        by_contract: dict[str, Pledge] = {}
        contracts = {r[6] for r in records if r[6]}
        for pledge in Pledge.objects.filter(number__in=contracts, import_batch=self.batch):
            by_contract[pledge.number] = pledge
        known = {
            (p["number"], p["registered_on"])
            for p in Pledge.objects.filter(number__in=contracts)
            .exclude(import_batch=self.batch)
            .values("number", "registered_on")
        }
        for (row_number, item_kind, number, title, pledgor, pledgee, contract, registered_on, released_on, amount,
             loan_start, loan_end, rate, item_amount) in records:  # fmt: skip
            if contract and (contract, registered_on) in known:
                self.batch.unchanged += 1  # registered by an earlier import
                continue
            pledge = by_contract.get(contract) if contract else None
            try:
                item = pledge_item(pledge or Pledge(), ItemData(item_kind, number, title, item_amount))
            except ValidationError as problem:
                self.error(row_number, "number", "；".join(problem.messages))
                continue
            if item_kind == "patent" and item.patent is None:
                self.error(
                    row_number, "number", _("专利 %(n)s 不在登记库中，请先导入该专利。") % {"n": number}
                )
                continue
            if item.patent is not None and not self.may_write(item.patent.region_id):
                self.refuse_foreign(row_number)
                continue
            if item.patent is not None and pledge is None:
                for other in pledged_already([item.patent.pk], registered_on):
                    self.quality.add(
                        "overlapping_pledges", row_number,
                        _("专利 %(n)s 已于 %(d)s 质押给%(b)s（登记号 %(c)s），登记簿中尚未解除。")
                        % {"n": number, "d": other.pledge.registered_on, "b": other.pledge.pledgee_name,
                           "c": other.pledge.number or "—"},
                    )  # fmt: skip
            if pledge is None:
                owner = entity_named(pledgor)
                if owner is not None and owner.region_id and not self.may_write(owner.region_id):
                    self.error(row_number, "pledgor", _("出质人“%(n)s”不在您的管辖范围（%(scope)s）内，本行未导入。")
                               % {"n": pledgor, "scope": self.within.name}, "out_of_scope")  # fmt: skip
                    continue
                pledge = Pledge.objects.create(
                    number=contract, pledgor=owner, pledgor_name=pledgor, pledgee=entity_named(pledgee),
                    pledgee_name=pledgee, amount=amount, registered_on=registered_on, released_on=released_on,
                    loan_start=loan_start, loan_end=loan_end, loan_rate=rate,
                    region=owner.region if owner and owner.region_id else None, import_batch=self.batch,
                )  # fmt: skip
                if contract:
                    by_contract[contract] = pledge
                self.batch.created += 1
            elif PledgeItem.objects.filter(pledge=pledge, kind=item_kind, number=item.number).exists():
                self.batch.unchanged += 1
                continue
            item.pledge = pledge
            item.save()
            if item.patent is not None:
                before = PatentEvent.objects.filter(import_batch=self.batch).count()
                pledge_events_add(pledge, [item.patent], EventKind.PLEDGE, registered_on, self.batch)
                if released_on:
                    pledge_events_add(
                        pledge, [item.patent], EventKind.PLEDGE_RELEASE, released_on, self.batch
                    )
                self.batch.events_added += (
                    PatentEvent.objects.filter(import_batch=self.batch).count() - before
                )


# ---------------------------------------------------------------------------------------------
# Running an import


IMPORTERS: dict[str, Callable] = {
    ImportKind.PATENTS: PatentImport,
    ImportKind.TRADEMARKS: TrademarkImport,
    ImportKind.PLEDGES: PledgeImport,
    ImportKind.GIS: _right_import(
        ImportKind.GIS, GeographicalIndication, profiles.RIGHT_FIELDS["gis"], _gi_mode
    ),
    ImportKind.COPYRIGHTS: _right_import(
        ImportKind.COPYRIGHTS, Copyright, profiles.RIGHT_FIELDS["copyrights"], _copyright_kind
    ),
    ImportKind.VARIETIES: _right_import(
        ImportKind.VARIETIES, PlantVariety, profiles.RIGHT_FIELDS["varieties"]
    ),
    ImportKind.LAYOUTS: _right_import(ImportKind.LAYOUTS, LayoutDesign, profiles.RIGHT_FIELDS["layouts"]),
    ImportKind.DATAIP: _right_import(ImportKind.DATAIP, DataIPRegistration, profiles.RIGHT_FIELDS["dataip"]),
}
# After an import that wrote this many records the planner's statistics are refreshed, so that
# list queries pick the right index for the new distribution.
ANALYZE_AFTER = 10000


def refresh_statistics() -> None:
    # The tables the lists and the indicator board read through covering indexes.
    tables = ["assets_patent", "assets_patentapplicant", "classify_patentclass", "assets_trademark"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if not connection.in_atomic_block:  # VACUUM sets the visibility map for index-only scans
                cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")
            cursor.execute("ANALYZE assets_patentapplicant, assets_patentevent, entities_entity")
        else:
            for table in [*tables, "entities_entity"]:
                cursor.execute(f"ANALYZE {table}")


# A patent file of at least this many rows, and at least twice as many as the registry holds, is
# loaded with the patent tables' secondary indexes set aside (SQLite; see ``run_import``).
BULK_MIN_ROWS = 100_000
BULK_MODELS = (Patent, PatentApplicant, PatentEvent)

# Kinds whose parsing runs in a second process for files of at least this size.
PARALLEL = {ImportKind.PATENTS}
PARALLEL_MIN_BYTES = 8 << 20


def parsers() -> int:
    """How many processes parse a large file beside the one that writes: two where there are
    two cores or more (the writer waits on the parsers more than they on it), or as many as
    ``ZHICHAN_IMPORT_PARSERS`` says."""
    configured = os.environ.get("ZHICHAN_IMPORT_PARSERS", "")
    if configured.isdecimal() and int(configured) >= 1:
        return int(configured)
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def run_parallel(importer: BaseImport, path: Path, filename: str, rows: int | None = None) -> None:
    """Parse in child processes while this one links and writes.

    Of a CSV file each child reads one byte range (``csv_spans``): the rows of an application
    that are all in its range are merged there, and those of an application cut by a range's end
    come back unparsed and are joined and parsed here at the end. Of other files (or a CSV file
    whose cells run over lines) each child reads the whole file and parses the applications whose
    number falls to its part. Their chunks are written in turn, child by child, so that the result
    does not depend on which child runs faster."""
    import multiprocessing

    from zhichan.assets.worker import parse_in_child

    context = multiprocessing.get_context("spawn")
    count = parsers()
    children = []
    for part in range(count):
        queue, inbox = context.Queue(maxsize=4), context.Queue()
        child = context.Process(
            target=parse_in_child,
            args=(str(importer.kind), str(path), filename, queue, connection.settings_dict["NAME"], inbox, part, count, rows),
            daemon=True,
        )  # fmt: skip
        child.start()
        children.append((child, queue, inbox))
    try:
        if hasattr(importer, "scan"):
            # While the children start (Django, the region tree, the address parser): where each
            # reads (its part of a CSV file, or the whole file), then the first pass.
            spans = csv_spans(path, count) if filename.lower().endswith((".csv", ".txt")) else None
            for part, (_child, _queue, inbox) in enumerate(children):
                inbox.put(spans[part] if spans else None)
            try:
                importer.scan(path, filename)
            except TableError:
                importer.multi = {}  # the children read the file and say what is wrong with it
            for _child, _queue, inbox in children:
                inbox.put(importer.multi)
        importer.prepare()
        # Chunks are freed by reference counting; the collector would only rescan the linker's
        # and resolver's growing indexes. Off for the import, back on afterwards.
        gc.disable()
        done = [0] * count
        leftover, headers = [], []
        working = list(range(count))
        turn = 0
        while working:
            part = working[turn % len(working)]
            child, queue, _inbox = children[part]
            try:
                message = queue.get(timeout=2)
            except queues.Empty:
                if not child.is_alive():
                    raise RuntimeError(
                        _("解析进程意外退出（退出码 %(code)s）。") % {"code": child.exitcode}
                    ) from None
                continue
            if message[0] == "chunk":
                _tag, payload, done[part], importer.columns = message
                if isinstance(payload.get("new"), bytes):
                    payload["new"] = marshal.loads(payload["new"])
                payload["changed"] = [
                    (pk, record) for pk, record in zip(
                        [pk for pk, _r in payload["changed"]],
                        from_tuples(importer.record_class, [r for _pk, r in payload["changed"]]), strict=True,
                    )
                ]  # fmt: skip
                importer.write(payload)
                importer.advance(sum(done))
                turn += 1
            elif message[0] == "end":
                (
                    _tag,
                    errors,
                    quality,
                    rejected,
                    profile,
                    columns,
                    unrecognised,
                    rest,
                    headers_read,
                    places,
                ) = message
                leftover.extend(rest)
                importer.regions.cache.update(places)
                headers = headers_read or headers
                if columns:  # a child that got no rows has read no header either
                    importer.profile, importer.columns, importer.unrecognised = profile, columns, unrecognised
                importer.errors = errors + importer.errors
                importer.quality.merge(quality)
                importer.rejected += rejected
                working.remove(part)
            elif message[0] == "table_error":
                raise TableError(message[1])
            else:
                raise RuntimeError(message[1])
        if leftover:
            # Applications whose rows fell on both sides of a cut in the file, joined here.
            importer.map_headers(headers)
            importer.write(importer.parse_chunk(sorted(leftover, key=lambda item: item[0]), last=True))
        importer.batch.rows_read = sum(done)
        with importer.step():
            importer.finish()
    finally:
        gc.enable()
        for child, _queue, _inbox in children:
            child.join(timeout=10)
            if child.is_alive():
                child.terminate()


def import_rollback(batch: ImportBatch, reason: str) -> dict:
    """Remove what an import that did not finish has written (in batched mode, or nothing on
    PostgreSQL, where its transaction was rolled back) and mark it failed, saying what the
    database held: ``{"written": N}`` records before the removal."""
    from zhichan.assets.services import import_writes_remove

    with transaction.atomic():
        written = import_writes_remove(batch)
        if written:
            tail = _("已写入的 %(n)s 条记录已撤销，登记簿与导入前相同，可重新导入。") % {"n": written}
        else:
            tail = _("本次导入未写入任何记录，可重新导入。")
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportStatus.FAILED, errors=[{"row": 0, "column": "", "message": f"{reason}。{tail}"[:1000]}],
            finished_at=timezone.now(),
        )  # fmt: skip
        data_changed()
    return {"written": written}


def batch_patent_ids(batch: ImportBatch) -> set[int]:
    """The patents an import created, changed or gave events to."""
    if batch.kind not in (ImportKind.PATENTS, ImportKind.PLEDGES):
        return set()
    ids = set(Patent.everything.filter(import_batch=batch).values_list("pk", flat=True))
    ids.update(ImportUndo.objects.filter(batch=batch, model="patent").values_list("object_id", flat=True))
    ids.update(PatentEvent.objects.filter(import_batch=batch).values_list("patent_id", flat=True))
    return ids


def reclassify(patent_ids, *, validity_changed=None) -> None:
    """Bring what is derived from changed patents up to date, in the same transaction: the
    applicants' copies of the validity interval (of ``validity_changed``, default all of them) and
    the stored classes (issue 4)."""
    from zhichan.assets.services import applicant_validity_sync
    from zhichan.classify.engine import classify_current

    applicant_validity_sync(patent_ids if validity_changed is None else validity_changed)
    classify_current(patent_ids)


def run_import(
    kind: str,
    *,
    path: Path,
    filename: str | None = None,
    user=None,
    within: Region | None = None,
    progress=None,
    parallel: bool = True,
) -> ImportBatch:
    """Import one file; returns the recorded batch (status done, or failed with the reason)."""
    importer_class = IMPORTERS.get(kind)
    if importer_class is None:
        raise TableError(_("不支持的数据类型：%(kind)s。") % {"kind": kind})
    path = Path(path)
    batch = ImportBatch.objects.create(
        kind=kind,
        filename=(filename or path.name)[:255],
        sha256=file_sha256(path),
        size=path.stat().st_size,
        created_by=user if user is not None and user.is_authenticated else None,
        region=within,
        runner=runner_id(),
    )
    importer = importer_class(batch, within=within, progress=progress)
    estimate = count_rows(path)
    if progress is not None:
        progress.total(estimate)
    # On SQLite a writer locks the whole database: one transaction for a 300,000-row import would
    # make every other write (a citizen's complaint, a tag) wait past its timeout. There the
    # import commits chunk by chunk and, if it fails, removes what it wrote (``import_rollback``);
    # on PostgreSQL, whose writers do not block each other, it stays one transaction.
    importer.batched = connection.vendor == "sqlite" and not connection.in_atomic_block
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # A large page cache keeps the indexes of a big import in memory (per connection).
            cursor.execute("PRAGMA cache_size = -262144")
            if importer.batched:
                # Each chunk commits, and SQLite copies its log back into the database every 1,000
                # pages: a big import would pay for that a few hundred times. Every 16,000 pages
                # (64 MB of log at most) instead.
                cursor.execute("PRAGMA wal_autocheckpoint = 16000")
    # A bulk load on SQLite (a first registry, or a file twice as large as it) writes the
    # patents, applicant links and events bare and builds their indexes once at the end
    # (``indexes_set_aside``); lists and boards read without them meanwhile.
    aside = []
    if importer.batched and kind == ImportKind.PATENTS and estimate >= BULK_MIN_ROWS:
        if Patent.everything.count() * 2 <= estimate:
            aside = indexes_set_aside(BULK_MODELS)
    try:
        with nullcontext() if importer.batched else transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # Durability of this one transaction is traded for speed: a crash right after
                    # the commit may lose the import (never corrupt anything); it can be re-run.
                    cursor.execute("SET LOCAL synchronous_commit = off")
            rows = read_rows(path, filename=filename or path.name, strip=importer.strip_cells)
            in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
            if parallel and kind in PARALLEL and path.stat().st_size >= PARALLEL_MIN_BYTES and not in_memory:
                run_parallel(importer, path, filename or path.name, estimate)
            else:
                importer.run(rows)
            batch.profile = importer.profile
            batch.rejected = importer.rejected
            batch.errors = [
                {"row": e.row, "column": e.column, "message": e.message}
                for e in sorted(importer.errors, key=lambda e: e.row)[:MAX_STORED_ERRORS]
            ]
            batch.quality = importer.quality.as_dict() | {"unrecognised": importer.unrecognised}
            batch.outside = getattr(importer, "outside", 0)
            if aside:
                with importer.step():
                    indexes_restore(BULK_MODELS)
                aside = []
            # New patents' applicant rows were written with their dates; only updated ones change.
            updated = set(
                ImportUndo.objects.filter(batch=batch, model="patent").values_list("object_id", flat=True)
            )
            touched = getattr(importer, "touched", None)
            touched = sorted(batch_patent_ids(batch) if touched is None else touched)
            step = CHUNK if importer.batched else len(touched) or 1
            for start in range(0, len(touched), step):
                with importer.step():
                    part = touched[start : start + step]
                    reclassify(part, validity_changed=[pk for pk in part if pk in updated])
            with importer.step():
                batch.status = ImportStatus.DONE
                batch.finished_at = timezone.now()
                batch.save()
                data_changed()
        if batch.created + batch.updated >= ANALYZE_AFTER:
            refresh_statistics()
    except Exception as error:
        from zhichan.jobs.services import failure_message

        reason = failure_message(error)
        if importer.batched:
            import_rollback(batch, _("导入失败：%(r)s") % {"r": reason})
        else:
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportStatus.FAILED,
                errors=[
                    {
                        "row": 0,
                        "column": "",
                        "message": _("导入失败：%(r)s。本次导入未写入任何记录（事务已回滚）。")
                        % {"r": reason},
                    }
                ],
                finished_at=timezone.now(),
            )
        raise
    finally:
        if aside:  # the import failed while its indexes were set aside
            indexes_restore(BULK_MODELS)
        if importer.batched:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_autocheckpoint = 1000")  # SQLite's default
    return batch
