"""The users of the load benchmark (benchmarks/load.py runs this with Locust, headless).

Each user is a signed-in official who opens the next page of the mix, reads it for 1–3 seconds
(BENCH_LOAD_THINK_MS) and goes on; the session cookie and the pages come from the environment.
"""

import json
import os
import random

from locust import HttpUser, between, task

PAGES = json.loads(os.environ.get("BENCH_LOAD_PAGES", '["/"]'))
LOW, HIGH = (int(v) / 1000 for v in os.environ.get("BENCH_LOAD_THINK_MS", "1000-3000").split("-"))


class Official(HttpUser):
    wait_time = between(LOW, HIGH)

    def on_start(self) -> None:
        name, _eq, value = os.environ["BENCH_LOAD_COOKIE"].partition("=")
        self.client.cookies.set(name, value)
        self.next = random.randrange(len(PAGES))

    @task
    def open_page(self) -> None:
        path = PAGES[self.next % len(PAGES)]
        self.next += 1
        with self.client.get(path, name=path, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
