"""Fast bulk writes for imports of hundreds of thousands of rows.

Django's ``bulk_create`` builds a model instance per row and cannot return ids on every backend;
an import of a million rows needs neither. Here ids are reserved first (PostgreSQL: from the
table's sequence, safe under concurrency; SQLite: past the AUTOINCREMENT high-water mark, safe
because an import holds SQLite's single write lock), then rows are written with COPY
(PostgreSQL) or ``executemany`` (SQLite). Column and table names come from the model's
metadata, values travel as parameters: nothing from the input is ever part of the SQL text.
"""

import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import connection, models


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    return [connection.ops.quote_name(model._meta.get_field(name).column) for name in fields]


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh primary keys for ``model`` (call inside the import's transaction)."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {_table(model)}")
        high = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(high, row[0] if row else 0) + 1
    ids = list(range(start, start + count))
    # Raise the AUTOINCREMENT mark now so that ordinary inserts in between never take these ids.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [ids[-1], table])
        if not cursor.rowcount:
            cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, ids[-1]])
    return ids


def _converters(model: type[models.Model], fields: Sequence[str]) -> list:
    """Per-column conversions the driver needs: JSON as text; on SQLite dates as ISO text."""
    iso: dict = {}

    def as_iso(value):
        if value is None or isinstance(value, str):
            return value
        text = iso.get(value)
        if text is None:
            text = iso[value] = value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
        return text

    def as_json(value):
        if value is None:
            return None
        return "[]" if value == [] else json.dumps(value, ensure_ascii=False)

    result = []
    for name in fields:
        field = model._meta.get_field(name)
        if isinstance(field, models.JSONField):
            result.append(as_json)
        elif isinstance(field, (models.DateField, models.DateTimeField)) and connection.vendor == "sqlite":
            result.append(as_iso)
        else:
            result.append(None)
    return result


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence], *, prepared: bool = False
) -> int:
    """Insert rows (tuples in ``fields`` order, ids included) and return how many.

    ``prepared`` rows already carry dates as ISO text and JSON as text, as both drivers take them.
    """
    columns = ", ".join(_columns(model, fields))
    convert = (
        [] if prepared else [(i, fn) for i, fn in enumerate(_converters(model, fields)) if fn is not None]
    )

    def prepared(row):
        if not convert:
            return row
        row = list(row)
        for index, fn in convert:
            row[index] = fn(row[index])
        return row

    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {_table(model)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(prepared(row))
                    count += 1
            return count
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {_table(model)} ({columns}) VALUES ({placeholders})"
        batch: list = []
        for row in rows:
            batch.append(prepared(row))
            if len(batch) >= 5000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def delete_rows(queryset) -> int:
    """Delete the rows of ``queryset`` and, following ``on_delete``, what refers to them, in a
    few set-based statements: no object is loaded and no per-row signal runs.

    For removing what an import wrote (tens of thousands of patents): Django's ``delete()``
    would load each row and its dependants and write an audit entry per patent, taking minutes;
    the import's own record (its batch, audited) says what was removed. A PROTECT reference
    raises ``ProtectedError`` as ``delete()`` would.
    """
    model = queryset.model
    for relation in model._meta.related_objects:
        if not (relation.one_to_many or relation.one_to_one):
            continue
        related = relation.related_model._base_manager.filter(
            **{f"{relation.field.name}__in": queryset.values("pk")}
        )
        rule = relation.on_delete
        if rule is models.CASCADE:
            delete_rows(related)
        elif rule is models.SET_NULL:
            related.update(**{relation.field.name: None})
        elif rule in (models.PROTECT, models.RESTRICT) and related.exists():
            raise models.ProtectedError(
                f"{related.model._meta.verbose_name} 仍引用 {model._meta.verbose_name}", set()
            )
        elif rule is models.DO_NOTHING:
            continue
    return queryset._raw_delete(queryset.db)


def indexes_set_aside(model_list: Sequence[type[models.Model]]) -> list[str]:
    """SQLite: drop the secondary indexes of these tables for a bulk load; returns their names.

    Inserting a million rows into a table that keeps five B-trees in order costs SQLite about
    three times as long as inserting them bare and sorting each index once afterwards
    (``indexes_restore``). Unique indexes stay: they keep the data right while it is loaded.
    Elsewhere (PostgreSQL, where dropping an index would lock readers out until the import's
    transaction ends) nothing is dropped."""
    if connection.vendor != "sqlite":
        return []
    dropped = []
    with connection.cursor() as cursor:
        for model in model_list:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql LIKE 'CREATE INDEX%%'",
                [model._meta.db_table],
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
                dropped.append(name)
    return dropped


def indexes_restore(model_list: Sequence[type[models.Model]]) -> list[str]:
    """Create every index the models declare (``Meta.indexes`` and ``db_index`` fields) that the
    database lacks, as Django's migrations name them; returns the names created. Safe to call at
    any time: after a bulk load, and by ``zhichan recover`` after a load that was killed."""
    created = []
    with connection.cursor() as cursor:
        present = {
            model: set(connection.introspection.get_constraints(cursor, model._meta.db_table))
            for model in model_list
        }
    editor = connection.schema_editor()  # only to write the statements, as migrations would
    with connection.cursor() as cursor:
        for model in model_list:
            statements = [index.create_sql(model, editor) for index in model._meta.indexes]
            for field in model._meta.local_fields:
                statements.extend(editor._field_indexes_sql(model, field))  # db_index fields, foreign keys
            for statement in statements:
                name = str(statement.parts["name"]).strip('"')
                if name not in present[model]:
                    cursor.execute(str(statement))
                    created.append(name)
    return created
