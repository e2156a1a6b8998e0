"""The `zhichan` command takes hyphens and underscores alike, as the README promises."""

import subprocess
import sys
from pathlib import Path

import pytest

ZHICHAN = str(Path(sys.executable).parent / "zhichan")


@pytest.mark.parametrize(
    "name", ["watch-deadlines", "build-search-index", "run-watches", "region-of", "load-demo", "create-admin"]
)
def test_documented_commands_exist_under_both_spellings(name):
    for spelling in (name, name.replace("-", "_")):
        found = subprocess.run([ZHICHAN, spelling, "--help"], capture_output=True, text=True, env={
            "PATH": "/usr/bin:/bin", "DEBUG": "1", "ZHICHAN_TESTING": "1", "HOME": "/tmp"}, check=False)  # fmt: skip
        assert found.returncode == 0, found.stderr


def test_an_operational_command_starts_without_loading_the_site(tmp_path):
    """`zhichan region-of` answers without the system checks, which would import every view and
    with them the search and duplicate-detection libraries (seconds of CPU); `zhichan check`
    still runs them."""
    from django.core.management import get_commands, load_command_class

    from zhichan.lib.commands import OperationalCommand

    ours = {name: app for name, app in get_commands().items() if app.startswith("zhichan.")}
    assert len(ours) > 20
    plain = [n for n, app in ours.items() if not isinstance(load_command_class(app, n), OperationalCommand)]
    assert plain == ["worker"], plain  # the background worker (django-tasks' own command) keeps them
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "1", "ZHICHAN_TESTING": "1", "HOME": "/tmp",
           "ZHICHAN_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"}  # fmt: skip
    run = subprocess.run([sys.executable, "-X", "importtime", ZHICHAN, "region-of", "湖北省宜都市陆城街道"],
                         capture_output=True, text=True, env=env, check=False)  # fmt: skip
    assert not {"bm25s", "datasketch"} & imported(run.stderr)
    assert "no such table" in run.stderr  # it went straight to its work: this empty database has no tables
    check = subprocess.run([sys.executable, "-X", "importtime", ZHICHAN, "check"], capture_output=True, text=True,
                           env=env, check=False)  # fmt: skip
    assert check.returncode == 0 and "bm25s" in imported(check.stderr), check.stderr[-2000:]


def imported(importtime):
    """The modules a `python -X importtime` run printed on its standard error."""
    return {
        line.split("|")[-1].strip() for line in importtime.splitlines() if line.startswith("import time:")
    }
