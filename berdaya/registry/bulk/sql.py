"""The two set-based statements bulk writes are made of, on PostgreSQL and on SQLite.

PostgreSQL: rows are streamed with ``COPY`` into a temporary staging table shaped like the
target's columns, then moved by one ``INSERT ... SELECT ... RETURNING`` or ``UPDATE ... FROM``.
SQLite: ``bulk_create`` (one multi-row ``INSERT ... RETURNING`` per chunk) and ``executemany``.
Table and column names come from the models (quoted), never from input."""

from __future__ import annotations

import itertools
import json

from django.db import connection

_counter = itertools.count()


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _columns(model, names) -> list[str]:
    return [model._meta.get_field(n).column for n in names]


def _stage(cursor, model, cols: list[str], rows) -> str:
    table = _q(model._meta.db_table)
    stage = f"_stage_{model._meta.model_name}_{next(_counter)}"
    col_list = ", ".join(_q(c) for c in cols)
    cursor.execute(
        f"CREATE TEMP TABLE {stage} ON COMMIT DROP AS SELECT {col_list} FROM {table} WITH NO DATA"  # noqa: S608
    )
    _copy(cursor, stage, cols, rows)
    return stage


def _copy(cursor, table: str, cols: list[str], rows) -> None:
    """``COPY table (cols) FROM STDIN`` of ``rows`` (lists and dicts as JSON)."""
    col_list = ", ".join(_q(c) for c in cols)
    as_json = [i for i, v in enumerate(rows[0]) if isinstance(v, list | dict)] if rows else []
    with cursor.cursor.copy(f"COPY {table} ({col_list}) FROM STDIN") as copy:
        for row in rows:
            if as_json:
                row = list(row)
                for i in as_json:
                    row[i] = json.dumps(row[i])
            copy.write_row(row)


def insert_rows(model, names, rows: list[list], *, returning: str | None = None) -> list[tuple]:
    """Insert ``rows`` (values in the order of ``names``) into ``model``'s table; with
    ``returning``, ``[(id, returning value)]`` of the inserted rows."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        names, rows = _with_defaults(model, names, rows)
    cols = _columns(model, names)
    if connection.vendor == "postgresql" and not returning:
        with connection.cursor() as cursor:
            _copy(cursor, _q(model._meta.db_table), cols, rows)  # nothing to return: no stage
        return []
    if connection.vendor == "postgresql":
        table = _q(model._meta.db_table)
        col_list = ", ".join(_q(c) for c in cols)
        with connection.cursor() as cursor:
            stage = _stage(cursor, model, cols, rows)
            sql = f"INSERT INTO {table} ({col_list}) SELECT {col_list} FROM {stage}"  # noqa: S608
            if returning:
                ret = _q(_columns(model, [returning])[0])
                cursor.execute(f"{sql} RETURNING {_q(model._meta.pk.column)}, {ret}")
                result = [tuple(r) for r in cursor.fetchall()]
            else:
                cursor.execute(sql)
                result = []
            cursor.execute(f"DROP TABLE {stage}")
        return result
    attnames = [model._meta.get_field(n).attname for n in names]
    objs = [model(**dict(zip(attnames, row, strict=True))) for row in rows]
    size = max(1, 900 // (len(cols) + 1))
    model.objects.bulk_create(objs, batch_size=size)
    if not returning:
        return []
    attr = model._meta.get_field(returning).attname
    return [(o.pk, getattr(o, attr)) for o in objs]


def _with_defaults(model, names, rows: list[list]) -> tuple[list[str], list[list]]:
    """Raw SQL skips the model's defaults: add every other column with its default value (so a
    field another app adds later with a default does not break the load)."""
    from django.utils import timezone

    given = {model._meta.get_field(n).attname for n in names}
    extra_names: list[str] = []
    extra_values: list = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.attname in given:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = timezone.now()
        else:
            value = f.get_default()
        extra_names.append(f.attname)
        extra_values.append(value)
    if not extra_names:
        return list(names), rows
    return [*names, *extra_names], [[*row, *extra_values] for row in rows]


def select_any(model, names, key: str, values: list, *, lock: bool = False) -> list[tuple]:
    """PostgreSQL: ``names`` of the rows whose ``key`` is one of ``values``, as tuples, in one
    statement with one array parameter (``= ANY(%s)``), whatever the number of values."""
    cols = ", ".join(_q(c) for c in _columns(model, names))
    sql = (
        f"SELECT {cols} FROM {_q(model._meta.db_table)} "  # noqa: S608
        f"WHERE {_q(_columns(model, [key])[0])} = ANY(%s)" + (" FOR UPDATE" if lock else "")
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(values)])
        return [tuple(r) for r in cursor.fetchall()]


def update_rows(model, names, rows: list[list]) -> None:
    """Set ``names`` on each row's id (values in order of ``names``, then the id)."""
    if not rows:
        return
    cols = _columns(model, names)
    table = _q(model._meta.db_table)
    pk = _q(model._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            stage = _stage(cursor, model, [*cols, model._meta.pk.column], rows)
            sets = ", ".join(f"{_q(c)} = s.{_q(c)}" for c in cols)
            cursor.execute(
                f"UPDATE {table} AS t SET {sets} FROM {stage} AS s WHERE t.{pk} = s.{pk}"  # noqa: S608
            )
            cursor.execute(f"DROP TABLE {stage}")
            return
        sets = ", ".join(f"{_q(c)} = %s" for c in cols)
        cursor.executemany(
            f"UPDATE {table} SET {sets} WHERE {pk} = %s",  # noqa: S608
            [_adapt(model, cols, row) for row in rows],
        )


def _adapt(model, cols, row):
    out = []
    fields = {f.column: f for f in model._meta.concrete_fields}
    for col, value in zip([*cols, model._meta.pk.column], row, strict=True):
        field = fields.get(col)
        out.append(field.get_db_prep_save(value, connection) if field is not None else value)
    return out
