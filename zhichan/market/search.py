"""Ranked full-text search over the registry's patents (titles, abstracts, claims), with filters.

Why not the database's own full-text search: a demand is a paragraph, so its query has a dozen or
more words, and on a real registry such an OR-query matches most rows; SQLite FTS5 and
PostgreSQL ``ts_rank`` then score every match row by row (seconds over a million patents). Here
BM25 scores come from bm25s, whose index holds each word's precomputed per-document score, so a
query sums a few posting lists into one array; the filters are array comparisons on columns
stored beside it (region, type, holder type, IPC codes, industries, validity dates). One
index serves both databases and answers in tens of milliseconds (docs/matching.md).

The index is a folder of NumPy arrays under ``VAR_DIR/search/``, built by a background job
(`index_build`) and switched atomically by a pointer file; every process memory-maps the current
one and notices a new build on its next query. Patents recorded after a build are not found
until the next one; pages say how old the index is and how many patents it misses.
"""

import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from multiprocessing import get_context
from pathlib import Path

import bm25s
import numpy as np
from django.conf import settings
from django.db import connections
from django.utils import timezone

from zhichan.assets.models import Patent, PatentKind
from zhichan.classify.engine import default_ruleset
from zhichan.classify.models import PatentClass
from zhichan.entities.models import EntityKind
from zhichan.lib import segment
from zhichan.lib.ipc import split as split_codes

CHUNK = 4000
KINDS = list(PatentKind.values)
HOLDERS = ["", *EntityKind.values]  # 0: no linked first applicant
NEVER = np.iinfo(np.int32).max  # "no end date" / "not granted"
EPOCH = date(1970, 1, 1).toordinal()

# bm25s sets its own logger to DEBUG when imported; its index-building lines are not ours to log.
logging.getLogger("bm25s").setLevel(logging.WARNING)


def root() -> Path:
    return Path(settings.VAR_DIR) / "search"


def _day(value: date | None, missing: int) -> int:
    return value.toordinal() - EPOCH if value else missing


def document(title: str, abstract: str, claims: str) -> str:
    """The searched text of a patent. The title counts twice: it names the invention."""
    return f"{title}。{title}。{abstract}。{claims}"


def _tokenize(texts: list[str]) -> list[list[str]]:
    return [segment.tokens(text) for text in texts]


# ---------------------------------------------------------------------------------------------
# Building


@dataclass
class _Columns:
    patent: list[int] = field(default_factory=list)
    region: list[int] = field(default_factory=list)
    kind: list[int] = field(default_factory=list)
    holder: list[int] = field(default_factory=list)
    granted: list[int] = field(default_factory=list)
    ended: list[int] = field(default_factory=list)
    ipc_ptr: list[int] = field(default_factory=lambda: [0])
    ipc: list[int] = field(default_factory=list)


def _rows(batch: int) -> Iterator[list[tuple]]:
    rows = (
        Patent.everything.order_by("pk")
        .values_list(
            "pk", "title", "abstract", "claims", "region_id", "kind", "granted_on", "ended_on", "ipc_codes",
            "first_applicant__kind",
        )
        .iterator(chunk_size=batch)
    )  # fmt: skip
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == batch:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def index_build(*, workers: int | None = None, progress: Callable[[int, int], None] | None = None) -> dict:
    """Build a new index of every patent and make it current. Returns what was built."""
    started = time.perf_counter()
    total = Patent.everything.count()
    built_at = timezone.now()
    name = built_at.strftime("%Y%m%d%H%M%S%f")
    folder = root() / name
    folder.mkdir(parents=True, exist_ok=True)
    columns = _Columns()
    vocabulary: dict[str, int] = {}
    ipc_codes: dict[str, int] = {}
    corpus: list[np.ndarray] = []
    segment.initialize()  # before the fork: the workers inherit the loaded dictionary
    workers = workers or max(1, min(4, os.cpu_count() or 1))

    def consume(chunk, token_lists) -> None:
        for row, words in zip(chunk, token_lists, strict=True):
            pk, _t, _a, _c, region, kind, granted, ended, ipcs, holder = row
            columns.patent.append(pk)
            columns.region.append(region or 0)
            columns.kind.append(KINDS.index(kind) if kind in KINDS else 0)
            columns.holder.append(HOLDERS.index(holder) if holder in HOLDERS else 0)
            columns.granted.append(_day(granted, NEVER))
            columns.ended.append(_day(ended, NEVER))
            for code in split_codes(ipcs):
                columns.ipc.append(ipc_codes.setdefault(code, len(ipc_codes)))
            columns.ipc_ptr.append(len(columns.ipc))
            corpus.append(
                np.fromiter((vocabulary.setdefault(w, len(vocabulary)) for w in words), dtype=np.int32)
            )
        if progress:
            progress(len(columns.patent), total)

    def texts(chunk) -> list[str]:
        return [document(r[1], r[2], r[3]) for r in chunk]

    if workers > 1:
        connections.close_all()  # a forked child must not share the parent's database socket
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            pending = []
            for chunk in _rows(CHUNK):
                pending.append((chunk, pool.submit(_tokenize, texts(chunk))))
                while len(pending) > workers * 2:
                    done, future = pending.pop(0)
                    consume(done, future.result())
            for done, future in pending:
                consume(done, future.result())
    else:
        for chunk in _rows(CHUNK):
            consume(chunk, _tokenize(texts(chunk)))
    tokenized = time.perf_counter() - started

    empty = vocabulary.setdefault("", len(vocabulary))  # bm25s scores a word-less document with it
    ids = [doc if len(doc) else np.array([empty], dtype=np.int32) for doc in corpus]
    retriever = bm25s.BM25()
    retriever.index((ids, vocabulary), show_progress=False, create_empty_token=False)
    retriever.save(str(folder), show_progress=False)
    corpus.clear()  # the arrays are in the saved index now
    del ids

    patent = np.asarray(columns.patent, dtype=np.int64)
    industries = _industries(patent)
    np.savez(
        folder / "columns.npz",
        patent=patent,
        region=np.asarray(columns.region, dtype=np.int32),
        kind=np.asarray(columns.kind, dtype=np.int8),
        holder=np.asarray(columns.holder, dtype=np.int8),
        granted=np.asarray(columns.granted, dtype=np.int32),
        ended=np.asarray(columns.ended, dtype=np.int32),
        ipc_ptr=np.asarray(columns.ipc_ptr, dtype=np.int64),
        ipc=np.asarray(columns.ipc, dtype=np.int32),
        **industries,
    )
    meta = {
        "built_at": built_at.isoformat(),
        "documents": len(patent),
        "max_patent": int(patent.max()) if len(patent) else 0,
        "ipc_codes": sorted(ipc_codes, key=ipc_codes.get),
        "words": len(vocabulary),
        "seconds": round(time.perf_counter() - started, 1),
        "tokenize_seconds": round(tokenized, 1),
    }
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    _switch(name)
    return {k: v for k, v in meta.items() if k != "ipc_codes"} | {"name": name}


def _industries(patent: np.ndarray) -> dict[str, np.ndarray]:
    """Per document: the patent-intensive categories (bit mask) and the strategic emerging
    industry codes (CSR lists) under the default rule version."""
    pi = np.zeros(len(patent), dtype=np.int16)
    sei_lists: list[list[str]] = [[] for _ in range(len(patent))]
    ruleset = default_ruleset()
    if ruleset is not None and len(patent):
        rows = (
            PatentClass.objects.filter(ruleset=ruleset)
            .exclude(pi_mask=0, sei_codes="")
            .values_list("patent_id", "pi_mask", "sei_codes")
            .iterator(chunk_size=20000)
        )
        for patent_id, mask, codes in rows:
            at = int(np.searchsorted(patent, patent_id))
            if at < len(patent) and patent[at] == patent_id:
                pi[at] = mask
                sei_lists[at] = [c for c in codes.split(",") if c]
    vocabulary = sorted({c for codes in sei_lists for c in codes})
    position = {c: i for i, c in enumerate(vocabulary)}
    ptr = np.zeros(len(patent) + 1, dtype=np.int64)
    np.cumsum([len(c) for c in sei_lists], out=ptr[1:])
    sei = np.fromiter((position[c] for codes in sei_lists for c in codes), dtype=np.int32)
    return {"pi": pi, "sei_ptr": ptr, "sei": sei, "sei_codes": np.asarray(vocabulary, dtype=str)}


def _switch(name: str) -> None:
    pointer = root() / "current"
    staging = root() / f"current.{os.getpid()}"
    staging.write_text(name, encoding="utf-8")
    staging.replace(pointer)  # atomic: a reader sees the old name or the new one
    for old in root().iterdir():
        if old.is_dir() and old.name != name:
            shutil.rmtree(old, ignore_errors=True)  # readers holding a map keep their open files


# ---------------------------------------------------------------------------------------------
# Reading


class Index:
    """A built index, memory-mapped."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        self.bm25 = bm25s.BM25.load(str(folder), mmap=True, show_progress=False)
        with np.load(folder / "columns.npz") as data:
            self.columns = {key: data[key] for key in data.files}
        self.patent = self.columns["patent"]
        self.ipc_codes = self.meta["ipc_codes"]
        self.sei_codes = [str(c) for c in self.columns["sei_codes"]]
        self._ipc_owner = np.repeat(np.arange(len(self.patent)), np.diff(self.columns["ipc_ptr"]))
        self._sei_owner = np.repeat(np.arange(len(self.patent)), np.diff(self.columns["sei_ptr"]))

    @property
    def built_at(self) -> str:
        return self.meta["built_at"]

    def word_ids(self, words: list[str]) -> list[tuple[str, int]]:
        vocab = self.bm25.vocab_dict
        return [(w, vocab[w]) for w in words if w in vocab and w != ""]

    def scores(self, word_ids: list[int]) -> np.ndarray:
        return self.bm25.get_scores_from_ids(word_ids)

    def contribution(self, word_id: int, doc: int) -> float:
        """The BM25 score a word gives one document (0 if it does not occur there)."""
        scores = self.bm25.scores
        start, end = scores["indptr"][word_id], scores["indptr"][word_id + 1]
        docs = scores["indices"][start:end]
        at = int(np.searchsorted(docs, doc))
        return float(scores["data"][start + at]) if at < len(docs) and docs[at] == doc else 0.0

    def positions(self, patent_ids) -> np.ndarray:
        """Document positions of the given patent ids (those in the index)."""
        ids = np.asarray(sorted(patent_ids), dtype=np.int64)
        at = np.searchsorted(self.patent, ids)
        at = at[at < len(self.patent)]
        return at[np.isin(self.patent[at], ids)]

    def with_ipc(self, prefix: str) -> np.ndarray:
        """Mask of documents with an IPC code under ``prefix`` (any of their codes)."""
        prefix = prefix.replace(" ", "").upper()
        wanted = [i for i, code in enumerate(self.ipc_codes) if code.replace(" ", "").startswith(prefix)]
        mask = np.zeros(len(self.patent), dtype=bool)
        hits = np.isin(self.columns["ipc"], wanted)
        mask[self._ipc_owner[hits]] = True
        return mask

    def with_sei(self, prefix: str) -> np.ndarray:
        wanted = [i for i, code in enumerate(self.sei_codes) if code.startswith(prefix)]
        mask = np.zeros(len(self.patent), dtype=bool)
        mask[self._sei_owner[np.isin(self.columns["sei"], wanted)]] = True
        return mask


_current: tuple[str, Index] | None = None


def current() -> Index | None:
    """The current index of this process, reloaded when a newer build is switched in."""
    global _current
    pointer = root() / "current"
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    if _current is None or _current[0] != name:
        folder = root() / name
        if not (folder / "meta.json").exists():
            return None
        _current = (name, Index(folder))
    return _current[1]


def forget() -> None:
    """Drop this process's loaded index (tests that build several)."""
    global _current
    _current = None
