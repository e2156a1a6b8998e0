"""The shipped IPC table loads whole, and its titles show beside codes."""

import pytest

from zhichan.classify.models import IPCEntry
from zhichan.classify.services import ipc_load, ipc_titles

pytestmark = pytest.mark.django_db


def test_the_ipc_table_loads_whole():
    report = ipc_load()
    assert report.skipped == [f"E01D101/{n}" for n in range(5)]
    counts = {
        level: IPCEntry.objects.filter(level=level).count()
        for level in ("section", "class", "subclass", "main_group", "subgroup")
    }
    assert counts == {"section": 8, "class": 131, "subclass": 643, "main_group": 7469, "subgroup": 68991 - 5}
    assert report.loaded == 77242 - 5
    assert IPCEntry.objects.get(code="A01B 1/00").title == "手动工具（草坪修整机入A01G3/06）"
    # PDF gaps inside Chinese text are closed; the loader is idempotent.
    assert "用于播种" in IPCEntry.objects.get(code="A01B").title
    assert ipc_load().loaded == report.loaded and IPCEntry.objects.count() == report.loaded


def test_titles_fall_back_to_the_main_group():
    ipc_load()
    titles = ipc_titles(["H01M 10/0525", "H01M 10/99999", "A01B 1/02"])
    assert titles["A01B 1/02"] == "锹；铲"
    assert titles["H01M 10/99999"].endswith("（H01M 10/00）")
    assert "H01M 10/0525" in titles
