"""The COPY text of bulk writes (``registry.bulk.sql``): ``copy_line``'s in-line paths for the
commonest types give exactly what ``copy_value`` gives for each value."""

from __future__ import annotations

import datetime
import enum

import pytest

from berdaya.registry.bulk.sql import copy_line, copy_value
from berdaya.registry.models import RegistrationStatus


class Level(enum.IntEnum):
    HIGH = 3


AWKWARD = 'Jl. Mawar\\No.5\tBlok "A"\nRT 3\r\\N'
VALUES = [
    "", "Siti Aminah", AWKWARD, "\\", "\t", "\n", "\r", 0, -12, 10**18, True, False, None,
    1.5, datetime.date(2024, 1, 15),
    datetime.datetime(2024, 1, 15, 5, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=7))),
    [], {}, ["online", AWKWARD], {"row": 2, "teks": AWKWARD}, RegistrationStatus.VERIFIED,
    Level.HIGH,
]  # fmt: skip


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_a_line_of_one_value_is_that_value(value):
    assert copy_line([value]) == copy_value(value)


def test_a_line_joins_its_values_with_tabs():
    assert copy_line(VALUES) == "\t".join(copy_value(v) for v in VALUES)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "\\N"), (True, "t"), (False, "f"), ([], "[]"), ({}, "{}"), (7, "7"),
        (Level.HIGH, "3"), (RegistrationStatus.VERIFIED, "verified"),
        ("a\\b\tc\nd\re", "a\\\\b\\tc\\nd\\re"), ({"a": "x\ty"}, '{"a": "x\\\\ty"}'),
        (datetime.date(2024, 1, 5), "2024-01-05"),
    ],
    ids=repr,
)  # fmt: skip
def test_each_kind_of_value_has_its_copy_text(value, text):
    assert copy_value(value) == text
