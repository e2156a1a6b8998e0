"""Loading the classification tables shipped in ``data/`` (provenance in data/PROVENANCE.md)."""

import csv
import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from zhichan.classify.models import IPCEntry
from zhichan.lib import ipc

IPC_FILE = Path(__file__).parent / "data" / "ipc_2026_01_zh.csv.gz"
IPC_EDITION = "2026.01"
# The PDF transcription leaves spaces inside Chinese text ("用于 播种"); spaces between two CJK
# characters are artefacts, spaces next to Latin text or symbols are kept.
_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])")


@dataclass
class TableReport:
    loaded: int = 0
    skipped: list[str] = field(default_factory=list)


def normal_symbol(code: str, level: str) -> str:
    """Scheme symbols as lib/ipc.py writes them ("A01B1/00" → "A01B 1/00")."""
    if level in ("section", "class"):
        if not re.fullmatch(r"[A-H](\d\d)?", code):
            raise ipc.InvalidIPC(f"“{code}”不是有效的部或大类。")
        return code
    return ipc.normalize(code)


@transaction.atomic
def ipc_load(*, path: Path = IPC_FILE, edition: str = IPC_EDITION) -> TableReport:
    """Load (or refresh) the IPC scheme; malformed symbols are skipped and reported."""
    report = TableReport()
    entries = []
    with (
        gzip.open(path, "rt", encoding="utf-8")
        if path.suffix == ".gz"
        else open(path, encoding="utf-8") as handle
    ):
        for row in csv.DictReader(handle):
            try:
                code = normal_symbol(row["code"].strip(), row["level"])
            except ipc.InvalidIPC:
                report.skipped.append(row["code"])
                continue
            title = _CJK_GAP.sub("", row["title_zh"].strip())
            entries.append(IPCEntry(code=code, level=row["level"], title=title, edition=edition))
    IPCEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["level", "title", "edition"],
        batch_size=2000,
    )
    report.loaded = len(entries)
    return report


def ipc_titles(codes: list[str]) -> dict[str, str]:
    """Titles for symbols, falling back to the main group, subclass, class for unknown subgroups."""
    wanted = set()
    for code in codes:
        wanted.add(code)
        if "/" in code:
            wanted.add(code.split("/")[0] + "/00")
        wanted.update({code[:4], code[:3]})
    known = dict(IPCEntry.objects.filter(code__in=wanted).values_list("code", "title"))
    result = {}
    for code in codes:
        for candidate in (code, code.split("/")[0] + "/00" if "/" in code else None, code[:4], code[:3]):
            if candidate and candidate in known:
                result[code] = known[candidate] if candidate == code else f"{known[candidate]}（{candidate}）"
                break
    return result
