"""The data of events written in bulk (``registry.bulk.sql.merged_json``): each row's JSON is
``{**base, **extra}``, read back from the database the same on PostgreSQL (JSON text made
without encoding the whole object per row) and on SQLite (the merged dict)."""

from __future__ import annotations

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from berdaya.core.models import Event
from berdaya.registry.bulk.sql import insert_rows, merged_json
from berdaya.registry.models import Registration

AWKWARD = 'Jl. Mawar\\No.5\tBlok "A"\nRT 3\r\\N é'
EXTRAS: list[dict] = [
    {}, {"row": 2}, {"row": 0, "member": -7}, {"row": 10**15}, {"ok": True}, {"ok": False},
    {"note": AWKWARD}, {"fields": ["phone", AWKWARD]}, {"nested": {"a": 1, "b": [None]}},
    {"import": 99}, {"import": "replaced", "row": 3}, {"ratio": 1.5}, {"empty": None},
    {AWKWARD: 1}, {7: "a key that is not text", "row": 1},
]  # fmt: skip


@pytest.mark.parametrize("base", [{"import": 12}, {}, {"import": 12, "note": AWKWARD}], ids=repr)
def test_each_events_data_reads_back_as_the_merge_of_base_and_extra(db, base):
    # given an event row per extra, written in one statement with merged_json's values
    with_data = merged_json(base)
    ct = ContentType.objects.get_for_model(Registration).pk
    rows = [[ct, f"m{n}", with_data(extra)] for n, extra in enumerate(EXTRAS)]
    insert_rows(Event, ("content_type_id", "object_id", "data"), rows, same={"verb": "t"})
    # then each row's data is {**base, **extra}: a key of both keeps the extra's value
    stored = dict(Event.objects.filter(verb="t").values_list("object_id", "data"))
    assert stored == {f"m{n}": json.loads(json.dumps({**base, **e})) for n, e in enumerate(EXTRAS)}


def test_on_postgresql_it_gives_json_text_and_elsewhere_the_merged_dict(db):
    value = merged_json({"import": 5})({"row": 7})
    if connection.vendor == "postgresql":
        assert value == '{"import": 5, "row": 7}'
        assert json.loads(merged_json({})({"row": True, "x": "y"})) == {"row": True, "x": "y"}
    else:
        assert value == {"import": 5, "row": 7}
