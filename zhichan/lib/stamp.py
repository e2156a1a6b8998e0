"""The data stamp: a number that changes after every committed write that can move a figure.

Cached indicator boards carry it in their key, so a write makes every cached board stale at once
without knowing which ones it touched. It lives in the shared cache (Redis, or files under var/
on one machine), so the worker's writes reach the web processes. A missing stamp starts from the
clock, never from a value an older board could carry.
"""

import os
import time
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.dispatch import Signal

T = TypeVar("T")

KEY = "zhichan:data-stamp"

# Sent once the stamp has moved (after the write committed): the board's warm-up listens.
stamp_moved = Signal()


def stamp(key: str) -> int:
    """The stamp kept under ``key`` in the shared cache (started from the clock if missing)."""
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), timeout=None)
        value = cache.get(key)
    return int(value)


def move(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # missing: start afresh from the clock
        cache.set(key, time.time_ns(), timeout=None)


def data_stamp() -> int:
    return stamp(KEY)


def _bump() -> None:
    move(KEY)
    stamp_moved.send(sender=None)


def data_changed() -> None:
    """Call inside the writing transaction; the stamp moves once it commits."""
    transaction.on_commit(_bump)


def changes_data(fn):
    """For service functions that write figures' inputs: run in a transaction, move the stamp after."""

    @wraps(fn)
    def wrapped(*args, **kwargs):
        with transaction.atomic():
            result = fn(*args, **kwargs)
            data_changed()
        return result

    return wrapped


def computed_once(key: str, compute: Callable[[], T], *, wait: float = 120.0) -> T:
    """The value cached under ``key`` (which carries the data stamp), computed by one process.

    When the stamp moves, every web process misses at once; a province's board costs seconds of
    CPU, and five processes computing it side by side starve everything else on the machine. The
    first to miss takes a lock in the shared cache and computes; the others wait for its result
    (polling the cache), and compute it themselves only if the lock holder gave up or ``wait``
    seconds pass.
    """
    found = cache.get(key)
    if found is not None:
        return found
    lock = f"{key}:computing"
    if not cache.add(lock, os.getpid(), timeout=int(wait)):
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            time.sleep(0.05)
            found = cache.get(key)
            if found is not None:
                return found
            if cache.get(lock) is None:  # the holder failed or finished without a result
                break
    try:
        found = compute()
        cache.set(key, found, settings.CACHE_SECONDS)
    finally:
        cache.delete(lock)
    return found
