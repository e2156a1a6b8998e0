"""Which process is running a piece of work ("host:pid"), and whether it is gone — so that work
left "running" by a process that died (a server restart, a kill) can be marked interrupted."""

import os
import socket


def runner_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def runner_gone(runner: str) -> bool:
    """True only when the runner was on this machine and its process no longer exists; work of
    another machine, or of a live (or reused) pid, is never taken for dead."""
    host, _sep, pid = runner.rpartition(":")
    if host != socket.gethostname() or not pid.isdecimal():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
