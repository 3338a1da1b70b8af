"""The set-based statements bulk writes are made of, on PostgreSQL and on SQLite.

PostgreSQL: new rows are streamed as ``COPY`` text straight into their table (``copy_new`` takes
their ids from the sequence first); rows whose ids or values must come back, and changed rows,
go by ``COPY`` into a temporary staging table shaped like the target's columns and are moved by
one ``INSERT ... SELECT ... RETURNING`` or ``UPDATE ... FROM``. SQLite: ``bulk_create`` (one
multi-row ``INSERT ... RETURNING`` per chunk) and ``executemany``. Table and column names come
from the models (quoted), never from input."""

from __future__ import annotations

import datetime
import itertools
import json
import re
from collections.abc import Callable, Iterable
from itertools import islice
from typing import Any

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
    """``COPY table (cols) FROM STDIN`` of ``rows`` (lists and dicts as JSON), sent as one
    ``COPY`` text (``copy_line``: several times cheaper per row than psycopg's ``write_row``)."""
    _copy_text(cursor, table, cols, (copy_line(row) + "\n" for row in rows))


# Lines sent to the server at a time: the server inserts one chunk while the next is made.
COPY_CHUNK = 1000


def _copy_text(cursor, table: str, cols: list[str], lines: Iterable[str]) -> None:
    """``COPY table (cols) FROM STDIN`` of ``lines`` (COPY text, each ending in a newline),
    sent in chunks as they are made."""
    col_list = ", ".join(_q(c) for c in cols)
    rest = iter(lines)
    with cursor.cursor.copy(f"COPY {table} ({col_list}) FROM STDIN") as copy:
        while chunk := "".join(islice(rest, COPY_CHUNK)):
            copy.write(chunk)


def insert_rows(
    model, names, rows: list[list], *, returning: str | None = None, same: dict | None = None
) -> list[tuple]:
    """Insert ``rows`` (values in the order of ``names``) into ``model``'s table; with
    ``returning``, ``[(id, returning value)]`` of the inserted rows. ``same``: ``{name: value}``
    shared by every row (on PostgreSQL written once as the tail of each row's ``COPY`` text)."""
    if not rows:
        return []
    same = dict(same or {})
    if connection.vendor == "postgresql":
        if not returning:  # nothing to return: straight into the table, no stage
            cols, tail = _copy_columns(model, names, same)
            with connection.cursor() as cursor:
                _copy_text(
                    cursor, _q(model._meta.db_table), cols,
                    (f"{copy_line(row)}{tail}\n" for row in rows),
                )  # fmt: skip
            return []
        same.update(zip(*_defaults(model, [*names, *same]), strict=True))
    if same:
        names = [*names, *same]
        rows = [[*row, *same.values()] for row in rows]
    cols = _columns(model, names)
    if connection.vendor == "postgresql":
        table = _q(model._meta.db_table)
        col_list = ", ".join(_q(c) for c in cols)
        with connection.cursor() as cursor:
            stage = _stage(cursor, model, cols, rows)
            ret = _q(_columns(model, [returning])[0])
            cursor.execute(
                f"INSERT INTO {table} ({col_list}) SELECT {col_list} FROM {stage} "  # noqa: S608
                f"RETURNING {_q(model._meta.pk.column)}, {ret}"
            )
            result = [tuple(r) for r in cursor.fetchall()]
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


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_SPECIAL = re.compile(r"[\\\t\n\r]")


def copy_value(value) -> str:
    """``value`` in PostgreSQL's ``COPY`` text format: ``\\N`` for NULL, ``t``/``f``, ISO dates
    and moments, lists and dicts as JSON; a backslash, tab, newline or carriage return escaped.
    (Called for every value of a bulk import: the common types are found by one lookup.)"""
    known = _BY_TYPE.get(value.__class__)
    if known is not None:
        return known(value)
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, datetime.date):  # and datetime.datetime (aware: with its offset)
        return value.isoformat()
    if isinstance(value, list | dict):
        return _json(value)
    if isinstance(value, int):
        return str(int(value))
    return _text(str(value))


def _text(value: str) -> str:
    return value if _SPECIAL.search(value) is None else value.translate(_ESCAPES)


def _json(value: list | dict) -> str:
    if not value:  # an empty list or dict: the same text every time
        return "[]" if isinstance(value, list) else "{}"
    return _text(json.dumps(value))


_BY_TYPE: dict[type, Callable[[Any], str]] = {
    str: _text,
    int: int.__str__,
    bool: lambda value: "t" if value else "f",
    type(None): lambda value: "\\N",
    datetime.date: datetime.date.isoformat,
    datetime.datetime: datetime.datetime.isoformat,
    list: _json,
    dict: _json,
}


def copy_line(values) -> str:
    """One row of ``COPY`` text (without the newline): ``copy_value`` of each value, with the
    commonest types (text, whole numbers) handled in line."""
    out = []
    for value in values:
        kind = value.__class__
        if kind is str:
            out.append(value if _SPECIAL.search(value) is None else value.translate(_ESCAPES))
        elif kind is int:
            out.append(int.__str__(value))
        else:
            out.append((_BY_TYPE.get(kind) or copy_value)(value))
    return "\t".join(out)


def merged_json(base: dict) -> Callable[[dict], Any]:
    """A function giving, for each ``extra``, the value ``insert_rows`` writes to a JSON column
    for ``{**base, **extra}``. On PostgreSQL it is the JSON text: ``base`` is encoded once and
    each extra's members are appended to it (jsonb keeps the last of a repeated key, as the
    merge does), whole numbers written as they are, so a row costs no ``json.dumps`` of the
    whole object. Elsewhere it is the merged dict."""
    if connection.vendor != "postgresql":
        return lambda extra: {**base, **extra}
    whole = json.dumps(base)
    head = whole[:-1] + (", " if base else "")
    dumps = json.dumps
    keys: dict[str, str] = {}

    def merged(extra: dict) -> str:
        if not extra:
            return whole
        members = []
        for key, value in extra.items():
            name = keys.get(key)
            if name is None:
                if key.__class__ is not str:  # JSON names a key by text: the plain way
                    return dumps({**base, **extra})
                name = keys[key] = dumps(key)
            members.append(f"{name}: {value if value.__class__ is int else dumps(value)}")
        return f"{head}{', '.join(members)}}}"

    return merged


def copy_new(model, names, lines: list[str]) -> list[int]:
    """PostgreSQL: insert rows given as ``COPY`` text lines (``copy_line`` of values in the
    order of ``names``, often prepared ahead, away from the transaction) and return their new
    ids, in the order of ``lines``. The ids are taken from the table's sequence in one
    statement; the rows then go with ``COPY`` straight into the table, which the server writes
    while they are still being sent. The model's other columns get their defaults."""
    if not lines:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    cols, tail = _copy_columns(model, names)
    with connection.cursor() as cursor:
        # The sequence is looked up once (a materialized CTE: a subquery would be flattened
        # and the lookup repeated for every row).
        cursor.execute(
            "WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence(%s, %s)::regclass AS seq) "
            "SELECT nextval(s.seq) FROM s, generate_series(1, %s)",
            [table, pk, len(lines)],
        )
        ids = [r[0] for r in cursor.fetchall()]
        _copy_text(
            cursor, _q(table), [pk, *cols],
            (f"{i}\t{line}{tail}\n" for i, line in zip(ids, lines, strict=True)),
        )  # fmt: skip
    return ids


def _copy_columns(model, names, same: dict | None = None) -> tuple[list[str], str]:
    """The columns of a ``COPY`` whose lines give ``names``, then ``same`` and every other
    column (not the primary key), and the text each line ends with: ``same``'s values and the
    others' defaults (raw SQL skips the model's defaults, so a field another app adds later with
    a default does not break the load)."""
    same = {**(same or {})}
    same.update(zip(*_defaults(model, [*names, *same]), strict=True))
    return _columns(model, [*names, *same]), ("\t" + copy_line(same.values()) if same else "")


def _defaults(model, names) -> tuple[list[str], list]:
    """The model's other columns (not the primary key) and their default values."""
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
    return extra_names, extra_values


def insert_new(model, names, rows: list[list]) -> list[int]:
    """Insert ``rows`` (values in the order of ``names``) into ``model``'s table and return
    their new ids, in the order of ``rows`` (PostgreSQL: ``copy_new``; SQLite: ``bulk_create``)."""
    if connection.vendor == "postgresql":
        return copy_new(model, names, [copy_line(row) for row in rows])
    return [pk for pk, _ in insert_rows(model, names, rows, returning=model._meta.pk.name)]


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
