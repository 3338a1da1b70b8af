"""Whole numbers bounded by their column and their rule: counts, RT/RW, Rupiah.

A number that the database column cannot hold (or that the rule forbids, e.g. a negative amount)
is refused with a ``CleanError`` before it reaches the database, so it is a form error or a 422,
never a 500.
"""

from __future__ import annotations

import re
from typing import Any

from berdaya.core.cleaning.text import CleanError, text_problem, to_ascii_digits

# What the columns hold (PostgreSQL; SQLite holds more, the same bounds apply everywhere).
SMALLINT_MIN, SMALLINT_MAX = -(2**15), 2**15 - 1
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1
# PositiveSmallIntegerField / PositiveIntegerField / PositiveBigIntegerField: 0 up to the above.
POSITIVE_SMALLINT = (0, SMALLINT_MAX)
POSITIVE_INT = (0, INT_MAX)
POSITIVE_BIGINT = (0, BIGINT_MAX)
# Money: integer Rupiah, never negative, at most a quadrillion (10^15) anywhere in the platform.
MAX_RUPIAH = 10**15

_RUPIAH_PREFIX = re.compile(r"^\s*rp\.?\s*", re.IGNORECASE)


def column_bounds(field: Any) -> tuple[int, int]:
    """The (low, high) a Django integer model field can store."""
    from django.db import models

    if isinstance(field, models.PositiveSmallIntegerField):
        return POSITIVE_SMALLINT
    if isinstance(field, models.PositiveBigIntegerField):
        return POSITIVE_BIGINT
    if isinstance(field, models.PositiveIntegerField):
        return POSITIVE_INT
    if isinstance(field, models.SmallIntegerField):
        return SMALLINT_MIN, SMALLINT_MAX
    if isinstance(field, models.BigIntegerField):
        return BIGINT_MIN, BIGINT_MAX
    return INT_MIN, INT_MAX


def _as_int(value: Any, *, label: str, code: str) -> int:
    if isinstance(value, bool):
        raise CleanError(code, f"{label} harus berupa angka bulat.")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")) or not value.is_integer():
            raise CleanError(code, f"{label} harus berupa angka bulat.")
        return int(value)
    if not isinstance(value, str) or text_problem(value) is not None:
        raise CleanError(code, f"{label} harus berupa angka bulat.")
    text = to_ascii_digits(value).strip().replace(" ", "")
    if not re.fullmatch(r"[+-]?[0-9]{1,30}", text):
        raise CleanError(code, f"{label} harus berupa angka bulat.")
    return int(text)


def clean_int(
    value: Any,
    *,
    low: int = INT_MIN,
    high: int = INT_MAX,
    label: str = "Angka",
    code: str = "number_invalid",
    default: int | None = None,
    required: bool = False,
) -> int | None:
    """A whole number within ``low``..``high`` (inclusive). "" and None give ``default``
    (or ``required``). Other scripts' digits are normalised; fractions, superscripts, text,
    booleans and numbers out of range are refused with ``code``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise CleanError("required", f"{label} wajib diisi.")
        return default
    number = _as_int(value, label=label, code=code)
    if number < low or number > high:
        raise CleanError(code, f"{label} harus angka {low} sampai {high}.")
    return number


def clean_rupiah(
    value: Any,
    *,
    low: int = 0,
    high: int = MAX_RUPIAH,
    label: str = "Jumlah",
    required: bool = True,
) -> int | None:
    """Integer Rupiah from 1500000, "1.500.000", "Rp 1.500.000,00". Negative amounts are refused
    with ``money_negative``, anything else out of ``low``..``high`` or not a number with
    ``money_invalid``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise CleanError("required", f"{label} wajib diisi.")
        return None
    if isinstance(value, str):
        text = _RUPIAH_PREFIX.sub("", value).replace(" ", "")
        text = re.sub(r",0{1,2}$", "", text).replace(".", "")
        value = text
    number = _as_int(value, label=label, code="money_invalid")
    if number < 0 and low >= 0:
        raise CleanError("money_negative", f"{label} tidak boleh negatif.")
    if number < low:
        raise CleanError("money_invalid", f"{label} paling sedikit Rp{low:,}.".replace(",", "."))
    if number > high:
        raise CleanError("money_invalid", f"{label} paling banyak Rp{high:,}.".replace(",", "."))
    return number
