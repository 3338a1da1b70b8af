"""Money is integer Rupiah; rates are Decimal. Rounding is explicit (half up)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def percent_of(amount: int, rate_percent: Decimal | str | int) -> int:
    """``amount`` x ``rate_percent`` / 100, rounded half up to whole Rupiah.

    >>> percent_of(5_000_000, Decimal("8.5"))
    425000
    """
    value = Decimal(amount) * Decimal(str(rate_percent)) / Decimal(100)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def split_instalments(total: int, count: int, *, unit: int = 1) -> list[int]:
    """Equal instalments rounded down to ``unit``; the last absorbs the rest, so they sum to
    ``total`` exactly."""
    if count < 1:
        raise ValueError("count must be at least 1")
    if unit < 1:
        raise ValueError("unit must be at least 1")
    regular = (total // count) // unit * unit
    return [regular] * (count - 1) + [total - regular * (count - 1)]


def grouped(value: int | Decimal) -> str:
    """A whole number with Indonesian thousands grouping: 1234567 -> 1.234.567, -1500 -> -1.500.
    Every count shown to a person goes through this (the ``angka`` template filter)."""
    return f"{int(value):,}".replace(",", ".")


def format_rupiah(amount: int | Decimal | None) -> str:
    """Rp1.234.568 (Indonesian grouping, no decimals for whole Rupiah)."""
    if amount is None:
        return "-"
    value = int(amount)
    sign = "-" if value < 0 else ""
    return f"{sign}Rp{grouped(abs(value))}"
