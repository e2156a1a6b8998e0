"""The data stamp: a number that changes after every committed write that can move a figure.

Cached indicator boards carry it in their key, so a write makes every cached board stale at once
without knowing which ones it touched. It lives in the shared cache (Redis, or files under var/
on one machine), so the worker's writes reach the web processes. A missing stamp starts from the
clock, never from a value an older board could carry.
"""

import time
from functools import wraps

from django.core.cache import cache
from django.db import transaction

KEY = "zhichan:data-stamp"


def data_stamp() -> int:
    value = cache.get(KEY)
    if value is None:
        cache.add(KEY, time.time_ns(), timeout=None)
        value = cache.get(KEY)
    return int(value)


def _bump() -> None:
    try:
        cache.incr(KEY)
    except ValueError:  # missing: start afresh from the clock
        cache.set(KEY, time.time_ns(), timeout=None)


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
