"""The money of a financing request: admin fee, total, instalments and due dates (whole Rupiah)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from berdaya.core.money import percent_of, split_instalments
from berdaya.financing.models import FeeCollection, Product


@dataclass(frozen=True)
class Schedule:
    amount_rupiah: int
    admin_fee_rupiah: int
    total_rupiah: int
    instalments: list[tuple[datetime.date, int]]

    @property
    def instalment_rupiah(self) -> int:
        return self.instalments[0][1] if self.instalments else 0

    def as_dict(self) -> dict:
        return {
            "amount_rupiah": self.amount_rupiah,
            "admin_fee_rupiah": self.admin_fee_rupiah,
            "total_rupiah": self.total_rupiah,
            "instalments": [
                {"due_date": due.isoformat(), "amount_rupiah": amount}
                for due, amount in self.instalments
            ],
        }


def due_dates(start: datetime.date, count: int) -> list[datetime.date]:
    """Monthly due dates, the first one month after ``start`` (end of month clamps)."""
    return [start + relativedelta(months=n) for n in range(1, count + 1)]


def build_schedule(
    *,
    product: Product,
    amount_rupiah: int,
    term_months: int,
    fee_percent: Decimal | str | int,
    start: datetime.date,
) -> Schedule:
    """Fee = amount x rate rounded half up. With the fee spread, the instalments carry amount +
    fee; with the fee deducted at disbursement, they carry the amount. Instalments are equal
    (rounded down to the product's rounding unit) except the last, which absorbs the rest."""
    fee = percent_of(amount_rupiah, fee_percent)
    total = amount_rupiah + fee
    repaid = total if product.fee_collection == FeeCollection.SPREAD else amount_rupiah
    count = max(1, int(term_months or 1))
    amounts = split_instalments(repaid, count, unit=max(1, product.rounding_unit))
    return Schedule(
        amount_rupiah=amount_rupiah,
        admin_fee_rupiah=fee,
        total_rupiah=repaid,
        instalments=list(zip(due_dates(start, count), amounts, strict=True)),
    )
