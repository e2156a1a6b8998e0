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
