"""Repayments: the lender's officer records one member's payment, or a group's collection sheet.
A repaid loan closes; the application closes with its last loan.

Lock order (see ``_common``): the application, then its loans in id order. Both services
take the locks in that order, so a repayment and a collection of the same group never deadlock.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from berdaya.core import events
from berdaya.core.errors import ConflictError, RuleError
from berdaya.financing.models import (
    Application,
    FinancingEvents,
    Loan,
    LoanStatus,
    Repayment,
    Status,
)
from berdaya.financing.services._common import (
    lock_application,
    lock_loans,
    notify_applicants,
    require_lender,
)

E = FinancingEvents


def _apply_payment(loan: Loan, officer, paid_on: datetime.date, amount: int) -> Repayment:
    if loan.status != LoanStatus.ACTIVE:
        raise ConflictError("loan_closed", "Pinjaman ini sudah lunas.")
    if amount <= 0:
        raise RuleError.one(
            "amount_invalid", "Jumlah pembayaran harus lebih dari 0.", field="amount_rupiah"
        )
    if amount > loan.outstanding_rupiah:
        raise RuleError.one(
            "amount_over_outstanding",
            f"Pembayaran melebihi sisa kewajiban ({loan.outstanding_rupiah:,}).".replace(",", "."),
            field="amount_rupiah",
            members=[loan.person.nik],
        )
    if paid_on < loan.disbursed_on or paid_on > timezone.localdate():
        raise RuleError.one("date_invalid", "Tanggal pembayaran tidak wajar.", field="paid_on")
    repayment = Repayment.objects.create(
        loan=loan, paid_on=paid_on, amount_rupiah=amount, recorded_by=officer
    )
    rest = amount
    for instalment in loan.instalments.filter(paid_rupiah__lt=F("amount_rupiah")):
        if rest <= 0:
            break
        take = min(rest, instalment.due_rupiah)
        instalment.paid_rupiah += take
        if instalment.paid_rupiah == instalment.amount_rupiah:
            instalment.paid_on = paid_on
        instalment.save(update_fields=["paid_rupiah", "paid_on"])
        rest -= take
    loan.paid_rupiah += amount
    if loan.outstanding_rupiah == 0:
        loan.status = LoanStatus.CLOSED
        loan.closed_on = paid_on
    loan.save(update_fields=["paid_rupiah", "status", "closed_on", "updated_at"])
    events.record(
        loan,
        E.REPAYMENT,
        actor=officer,
        data={"amount": amount, "paid_on": paid_on.isoformat()},
        to_status=loan.status if loan.status == LoanStatus.CLOSED else "",
    )
    return repayment


def _close_if_repaid(application: Application, officer, paid_on) -> None:
    """Close the (already locked) application once none of its loans is active."""
    if application.status != Status.DISBURSED:
        return
    if application.loans.filter(status=LoanStatus.ACTIVE).exists():
        return
    application.status = Status.CLOSED
    application.closed_on = paid_on
    application.save(update_fields=["status", "closed_on", "updated_at"])
    events.record(
        application, E.CLOSED, actor=officer, from_status=Status.DISBURSED, to_status=Status.CLOSED
    )
    notify_applicants(application, f"Pinjaman {application.title} lunas. Terima kasih!")


def _amount(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise RuleError.one(
            "amount_invalid", "Jumlah pembayaran harus angka.", field="amount_rupiah"
        ) from None


def repayment_record(*, loan: Loan, officer, paid_on: datetime.date, amount_rupiah: int):
    """The lender's officer records one member's payment; a repaid loan closes."""
    amount = _amount(amount_rupiah)
    with transaction.atomic():
        application = lock_application(loan.application_id)
        require_lender(application, officer)
        locked = lock_loans(application, [loan.pk]).get(loan.pk)
        if locked is None:  # pragma: no cover - a loan always belongs to its application
            raise ConflictError("loan_unknown", "Pinjaman tidak ditemukan.")
        repayment = _apply_payment(locked, officer, paid_on, amount)
        _close_if_repaid(application, officer, paid_on)
    return repayment


def collection_record(
    *, application: Application, officer, paid_on: datetime.date, payments: dict[int, int]
) -> list[Repayment]:
    """A group's collection sheet: payments by loan id, recorded together (all or nothing)."""
    require_lender(application, officer)
    amounts = {int(k): _amount(v) for k, v in payments.items()}
    out = []
    with transaction.atomic():
        application = lock_application(application)
        loans = lock_loans(application, amounts)
        for loan_id, amount in sorted(amounts.items()):
            if not amount:
                continue
            if loan_id not in loans:
                raise RuleError.one("loan_unknown", "Pinjaman tidak ada dalam kelompok ini.")
            out.append(_apply_payment(loans[loan_id], officer, paid_on, amount))
        _close_if_repaid(application, officer, paid_on)
    return out
