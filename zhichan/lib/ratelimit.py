"""Fixed-window rate limits on public forms and the login, counted in the shared cache (Redis in
production, so every process counts together)."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the header a trusted proxy sets (CLIENT_IP_HEADER,
    e.g. HTTP_X_REAL_IP — only behind a proxy that overwrites it)."""
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    return value.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")


def over_limit(scope: str, identity: str, limit: int, seconds: int) -> bool:
    """Count one attempt; True once more than ``limit`` were made in the current window."""
    key = "zhichan:rl:" + hashlib.sha256(f"{scope}|{identity}".encode()).hexdigest()[:32]
    if cache.add(key, 1, seconds):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, seconds)
        return False
