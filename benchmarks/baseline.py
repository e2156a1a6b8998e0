"""What a user would otherwise run on the same export, as the measure of our import's cost.

`python -m benchmarks.baseline pandas FILE OUT.sqlite3`: a competent pandas script — read the CSV,
check every application number's check character (vectorised: CNIPA's weights 2–9, 2–5 over the
twelve digits, modulo 11, 10 written X), parse the date columns (unparseable → empty), drop the
rows with a bad number or filing date, write the rest to SQLite. No merging of publications, no
applicants, addresses, events or classes: a floor for the validation and the writing only.

`python -m benchmarks.baseline duckdb FILE OUT.duckdb`: DuckDB's own CSV ingest into a table, the
floor of reading the file at all.

registry.py runs both beside `zhichan import` as whole processes and prints the CPU ratios.
"""

import sys

DATES = ["申请日", "公开(公告)日", "授权公告日", "首次公开日", "法律文书日期", "失效日"]
WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def with_pandas(path: str, out: str) -> None:
    import sqlite3

    import numpy as np
    import pandas as pd

    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    number = frame["申请号"].str.upper().str.replace(r"^(CN|ZL)|[.\s]", "", regex=True)
    shaped = number.str.fullmatch(r"\d{12}[\dX]")
    digits = number.where(shaped, "0" * 13).str[:12]
    matrix = np.frombuffer("".join(digits).encode("ascii"), dtype=np.uint8).reshape(-1, 12) - ord("0")
    remainder = (matrix.astype(np.int64) @ np.array(WEIGHTS)) % 11
    expected = np.where(remainder == 10, "X", remainder.astype(str))
    valid = shaped & (number.str[12] == expected)
    for column in DATES:
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d", errors="coerce").dt.date
    kept = frame[valid & frame["申请日"].notna()].assign(申请号=number[valid])
    with sqlite3.connect(out) as connection:
        kept.to_sql("patents", connection, index=False, chunksize=50_000)
    print(f"{len(kept)} rows kept of {len(frame)}")


def with_duckdb(path: str, out: str) -> None:
    import duckdb

    with duckdb.connect(out) as connection:
        connection.execute("CREATE TABLE patents AS SELECT * FROM read_csv(?, all_varchar = true)", [path])
        print(connection.execute("SELECT count(*) FROM patents").fetchone()[0], "rows")


if __name__ == "__main__":
    how, path, out = sys.argv[1:4]
    {"pandas": with_pandas, "duckdb": with_duckdb}[how](path, out)
