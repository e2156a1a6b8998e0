"""One login policy for every way in: the login page, the admin's login and the API's token.

All three call Django's ``authenticate``; the only authentication backend
(``ThrottledModelBackend``) applies the policy there, so no way in can skip it:

- failures are counted per account *and address* and per address alone, in the shared cache;
  a success is never counted and clears its account-and-address count;
- after ``FREE_FAILURES`` failures of one account from one address, each further failure makes
  that pair wait longer (30 s, 60 s, 2 min, … at most 15 min); an address that fails for many
  accounts waits likewise after ``FREE_ADDRESS_FAILURES``. Someone elsewhere can therefore
  never lock an account out: their failures count against their own address;
- password hashing (about half a second of CPU) runs one at a time per machine, so a burst of
  logins queues instead of taking both cores from the pages (the web workers are threaded:
  a queued login holds a thread, not a process).

A refused attempt tells the user in Chinese how long to wait (``wait_message``).
"""

import fcntl
import hashlib
import math
import time
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from zhichan.lib.ratelimit import client_ip

DEMO_PASSWORD = "zhichan-demo"  # the demo's published password (demo/services.py)
FREE_FAILURES = 5
FREE_ADDRESS_FAILURES = 30
FIRST_WAIT, LONGEST_WAIT = 30, 15 * 60
WINDOW = 24 * 3600  # a count is forgotten a day after its last failure
HASHING_TIMEOUT = 20  # seconds a login may queue for the hashing slot


def _key(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f"zhichan:login:{kind}:{digest}"


def _subjects(username: str, address: str) -> list[tuple[str, int]]:
    name = (username or "").strip().lower()
    return [(_key("pair", name, address), FREE_FAILURES), (_key("addr", address), FREE_ADDRESS_FAILURES)]


def wait_seconds(username: str, address: str) -> int:
    """How long this account must wait before trying again from this address (0: it may try)."""
    now = time.time()
    until = [cache.get(key + ":until") or 0 for key, _free in _subjects(username, address)]
    return max(0, math.ceil(max(until) - now))


def delay_after(failures: int, free: int) -> int:
    """The wait after the ``failures``-th failure: none while free, then doubling, capped."""
    if failures < free:
        return 0
    return min(LONGEST_WAIT, FIRST_WAIT * 2 ** (failures - free))


def failed(username: str, address: str) -> None:
    for key, free in _subjects(username, address):
        if cache.add(key, 1, WINDOW):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # expired in between
                cache.set(key, 1, WINDOW)
                count = 1
            cache.touch(key, WINDOW)
        delay = delay_after(count, free)
        if delay:
            cache.set(key + ":until", time.time() + delay, delay)


def succeeded(username: str, address: str) -> None:
    pair, _free = _subjects(username, address)[0]
    cache.delete_many([pair, pair + ":until"])


def wait_message(seconds: int) -> str:
    if seconds >= 60:
        return _("登录失败次数过多，请 %(n)s 分钟后再试。") % {"n": math.ceil(seconds / 60)}
    return _("登录失败次数过多，请 %(n)s 秒后再试。") % {"n": max(1, seconds)}


class LoginBusy(Exception):
    pass


@contextmanager
def hashing_slot():
    """One password check at a time on this machine (a lock file under the var directory)."""
    path = settings.VAR_DIR / "login.lock"
    with open(path, "a") as handle:
        deadline = time.monotonic() + HASHING_TIMEOUT
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LoginBusy from None
                time.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _mark(request, **values) -> None:
    """Tell the view why authentication said no: on Django's request, which DRF's wrapper reads
    through."""
    target = getattr(request, "_request", request)
    for name, value in values.items():
        setattr(target, name, value)


class ThrottledModelBackend(ModelBackend):
    """Django's username-and-password backend under the login policy above."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            from django.contrib.auth import get_user_model

            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        address = client_ip(request) if request is not None else ""
        wait = wait_seconds(username, address)
        if wait:
            if request is not None:
                _mark(request, login_wait=wait)
            raise PermissionDenied  # ends authenticate(): no other backend is asked
        try:
            with hashing_slot():
                user = super().authenticate(request, username=username, password=password, **kwargs)
        except LoginBusy:
            if request is not None:
                _mark(request, login_busy=True)
            raise PermissionDenied from None
        if user is None:
            failed(username, address)
        elif not settings.DEMO and password == DEMO_PASSWORD:
            # The demo's password is printed in the README: outside a demo installation it opens
            # nothing, whoever still has it.
            if request is not None:
                _mark(request, login_demo=True)
            raise PermissionDenied
        else:
            succeeded(username, address)
        return user


def refusal(request) -> str:
    """The Chinese message for a refused attempt, or "" if the attempt was merely wrong."""
    if getattr(request, "login_demo", False):
        return _("这是演示账号的公开密码，正式安装中不能使用：请联系系统管理员重设密码。")
    if getattr(request, "login_busy", False):
        return _("登录请求较多，请稍后再试。")
    wait = getattr(request, "login_wait", 0)
    return wait_message(wait) if wait else ""
