"""A burst of logins against a served installation, and what a reader of the portal meanwhile
waits (issue 29 finding 4: six parallel token requests made /portal/ take 5 s on two sync
workers, each busy hashing a password).

`python -m benchmarks.login_burst [--code DIR] [--workers sync|gthread]` starts gunicorn on a
scratch SQLite database with one user, reads /portal/ alone, then fires six parallel
`POST /api/v1/token/` with the right password while reading /portal/ every 50 ms, and prints the
portal's latency during the burst and how long the burst took. `--code` runs another checkout
(the baseline); `BENCH_ROUNDS` alternates. Loopback only; every loop is bounded.
"""

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

PASSWORD = "Tea4Ferry!Rail-burst"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
    return time.perf_counter() - started


def _token(url: str) -> int:
    data = urllib.parse.urlencode({"username": "burst", "password": PASSWORD}).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def run(code: str, workers: str) -> dict:
    scratch = Path(tempfile.mkdtemp(prefix="zhichan-burst-"))
    env = {**os.environ, "PYTHONPATH": code, "ZHICHAN_VAR_DIR": str(scratch), "SECRET_KEY": "burst-" * 8,
           "DATABASE_URL": f"sqlite:///{scratch}/db.sqlite3", "ZHICHAN_HOME_REGION": "420581"}  # fmt: skip
    env.pop("ZHICHAN_TESTING", None)
    python = sys.executable
    manage = [python, "-m", "zhichan.cli"]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=code)
    subprocess.run([*manage, "load-regions"], env=env, check=True, cwd=code, stdout=subprocess.DEVNULL)
    create = ("from zhichan.accounts.models import User; from zhichan.regions.models import Region; "
              f"u = User(username='burst', region=Region.objects.get(code='420581')); u.set_password({PASSWORD!r}); u.save()")  # fmt: skip
    subprocess.run([*manage, "shell", "-c", create], env=env, check=True, cwd=code, stdout=subprocess.DEVNULL)
    port = _free_port()
    threads = ["--threads", "4", "--worker-class", "gthread"] if workers == "gthread" else []
    server = subprocess.Popen([str(Path(python).parent / "gunicorn"), "zhichan.wsgi", "--bind", f"127.0.0.1:{port}",
                               "--workers", "2", *threads, "--timeout", "120"], env=env, cwd=code,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                _get(base + "/health/")
                break
            except OSError:
                time.sleep(0.3)
        alone = [_get(base + "/portal/") for _n in range(10)]
        during, moments, statuses, done = [], [], [], threading.Event()
        started = time.perf_counter()

        def reader():
            while not done.is_set() and len(during) < 400:
                at = time.perf_counter()
                during.append(_get(base + "/portal/"))
                moments.append(round(at - started, 2))
                time.sleep(0.05)

        watcher = threading.Thread(target=reader)
        watcher.start()
        time.sleep(0.2)
        started = time.perf_counter()
        burst = [
            threading.Thread(target=lambda: statuses.append(_token(base + "/api/v1/token/")))
            for _n in range(6)
        ]
        for t in burst:
            t.start()
        for t in burst:
            t.join(timeout=120)
        burst_seconds = time.perf_counter() - started
        done.set()
        watcher.join(timeout=120)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(scratch, ignore_errors=True)
    return {"code": code, "workers": workers, "portal_alone_median_ms": round(statistics.median(alone) * 1000, 1),
            "portal_during_burst_max_ms": round(max(during) * 1000, 1),
            "portal_during_burst_median_ms": round(statistics.median(during) * 1000, 1),
            "burst_seconds": round(burst_seconds, 2), "token_statuses": sorted(statuses),
            "slowest_at_s": moments[during.index(max(during))] if during else None}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--workers", choices=["sync", "gthread"], default="gthread")
    args = parser.parse_args()
    print(json.dumps(run(args.code, args.workers), ensure_ascii=False))


if __name__ == "__main__":
    main()
