"""IPC patterns of the correspondence tables, and matching a patent's symbols against them.

Pattern forms (spaces optional, full-width accepted): ``G06F 11/14`` one symbol; ``G06F11*`` or
``G06F 11`` a main group with all its subgroups; ``G06F 11/14*`` a subgroup and the subgroups whose
number continues it (11/14, 11/141, 11/1415 …); ``G06F*`` or ``G06F`` a subclass; ``G16*`` or
``G16`` a class. A symbol matches a row when it matches one of the row's patterns and none of its
exclusions. Results per distinct symbol are cached, so a register of a million patents costs one
lookup per distinct symbol.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

_CLASS = re.compile(r"[A-H]\d\d")
_SUBCLASS = re.compile(r"[A-H]\d\d[A-Z]")
_GROUP = re.compile(r"([A-H]\d\d[A-Z])(\d{1,4})")
_SUBGROUP = re.compile(r"([A-H]\d\d[A-Z])(\d{1,4})/(\d{1,6})")


class InvalidPattern(ValueError):
    pass


@dataclass(frozen=True)
class Pattern:
    kind: str  # symbol | prefix | group | subclass | class
    key: str

    def matches(self, code: str) -> bool:
        if self.kind == "symbol":
            return code == self.key
        if self.kind == "prefix":
            return code.startswith(self.key)
        if self.kind == "group":
            return code.split("/", 1)[0] == self.key
        if self.kind == "subclass":
            return code[:4] == self.key
        return code[:3] == self.key

    def __str__(self) -> str:
        return {
            "symbol": "{}",
            "prefix": "{}*",
            "group": "{}/*",
            "subclass": "{}*",
            "class": "{}*",
        }[self.kind].format(self.key)


def parse_pattern(raw: str) -> Pattern:
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(raw)).upper())
    body = text.rstrip("*")
    star = body != text
    body = body.rstrip("/")  # "G06F 11/*", as patterns are written back
    if _CLASS.fullmatch(body):
        return Pattern("class", body)
    if _SUBCLASS.fullmatch(body):
        return Pattern("subclass", body)
    if match := _GROUP.fullmatch(body):
        return Pattern("group", f"{match[1]} {int(match[2])}")
    if match := _SUBGROUP.fullmatch(body):
        head = f"{match[1]} {int(match[2])}/{match[3]}"
        return Pattern("prefix" if star else "symbol", head)
    raise InvalidPattern(
        _("“%(p)s”不是可识别的分类号式样（示例：G06F 11/14、G06F11*、G06F*）。") % {"p": raw}
    )


_TOKEN = re.compile(r"[A-H]\s*\d\s*\d(?:\s*[A-Z](?:\s*\d{1,4}(?:\s*/\s*\d{1,6})?)?)?\s*/?\s*\*?")
_BETWEEN = re.compile(r"[\s;；,，、|]*")


def parse_patterns(text: str) -> list[Pattern]:
    """The patterns of a cell, in order ("H01M 10/058；H01M4/13* G16*"); anything else in the cell
    is refused, naming the part that is not a pattern."""
    text = unicodedata.normalize("NFKC", str(text or "")).upper()
    patterns, position = [], 0
    for token in _TOKEN.finditer(text):
        gap = text[position : token.start()]
        if not _BETWEEN.fullmatch(gap):
            raise InvalidPattern(
                _("“%(p)s”不是可识别的分类号式样（示例：G06F 11/14、G06F11*、G06F*）。") % {"p": gap.strip()}
            )
        patterns.append(parse_pattern(token.group()))
        position = token.end()
    rest = text[position:]
    if not _BETWEEN.fullmatch(rest):
        raise InvalidPattern(
            _("“%(p)s”不是可识别的分类号式样（示例：G06F 11/14、G06F11*、G06F*）。") % {"p": rest.strip()}
        )
    return patterns


def join_patterns(patterns) -> str:
    return "; ".join(map(str, patterns))


@dataclass(frozen=True)
class Row:
    """A compiled table row: target class, include and exclude patterns, keyword terms."""

    ref: int  # the ClassRule id (or position, for tables not yet stored)
    target: str
    include: tuple[Pattern, ...]
    exclude: tuple[Pattern, ...]
    keywords: tuple[str, ...] = ()


class Matcher:
    """All rows of one table, indexed by the key each pattern matches on."""

    def __init__(self, rows: list[Row]):
        self.rows = rows
        self._index: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._prefixes: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for number, row in enumerate(rows):
            for pattern in row.include:
                if pattern.kind == "prefix":
                    self._prefixes[pattern.key.split("/", 1)[0]].append((pattern.key, number))
                else:
                    self._index[(pattern.kind, pattern.key)].append(number)
        self._cache: dict[str, tuple[int, ...]] = {}

    def rows_for(self, code: str) -> tuple[int, ...]:
        """Indexes of the rows whose patterns take ``code`` (keywords not yet checked)."""
        found = self._cache.get(code)
        if found is not None:
            return found
        group = code.split("/", 1)[0]
        candidates = set(self._index.get(("symbol", code), ()))
        candidates.update(self._index.get(("group", group), ()))
        candidates.update(self._index.get(("subclass", code[:4]), ()))
        candidates.update(self._index.get(("class", code[:3]), ()))
        candidates.update(n for prefix, n in self._prefixes.get(group, ()) if code.startswith(prefix))
        found = tuple(sorted(n for n in candidates if not any(p.matches(code) for p in self.rows[n].exclude)))
        self._cache[code] = found
        return found

    def match(self, codes, text: str | None = None) -> list[tuple[int, str]]:
        """(row index, symbol) pairs for a patent's symbols; keyword rows need ``text`` to hold a term.

        ``text`` None means the caller has not fetched it: keyword rows are then returned as
        candidates, for the caller to check once the text is at hand.
        """
        hits = []
        for code in codes:
            for number in self.rows_for(code):
                keywords = self.rows[number].keywords
                if keywords and text is not None and not any(term in text for term in keywords):
                    continue
                hits.append((number, code))
        return hits

    def needs_text(self, codes) -> bool:
        return any(self.rows[n].keywords for code in codes for n in self.rows_for(code))
