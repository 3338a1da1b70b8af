"""Lending: DKUM staff verify the file and forward it (or return it for revision); the
lender's officer decides per member and records the disbursement, which creates each approved
member's loan and instalment schedule."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from berdaya.core import events
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.notify import notify_users
from berdaya.financing.models import (
    Application,
    Decision,
    FinancingEvents,
    Instalment,
    Loan,
    Status,
)
from berdaya.financing.recommendation_rules import (
    DECIDABLE,
    DISBURSABLE,
    lender_users,
    staff_covers,
)
from berdaya.financing.schedule import build_schedule
from berdaya.financing.services._common import (
    application_url,
    lock_application,
    notify_applicants,
    require_lender,
    wrong_status,
)

E = FinancingEvents
REVIEW_DECISIONS = ("forward", "revise")


def application_review(*, application: Application, staff, decision: str, note: str = ""):
    """DKUM staff forward the verified file to the lender or return it for revision."""
    if not staff_covers(staff, application):
        raise AccessDenied("Hanya staf DKUM wilayah ini yang dapat memverifikasi pengajuan.")
    if decision not in REVIEW_DECISIONS:
        raise RuleError.one("decision_invalid", "Pilih teruskan atau kembalikan.", field="decision")
    note = (note or "").strip()
    if decision == "revise" and not note:
        raise RuleError.one("reason_required", "Tuliskan apa yang perlu diperbaiki.", field="note")
    with transaction.atomic():
        application = lock_application(application)
        if application.status != Status.AWAITING_VERIFICATION:
            raise wrong_status(application, "diverifikasi")
        before = application.status
        if decision == "forward":
            application.status = Status.FORWARDED
            application.forwarded_at = timezone.now()
        else:
            application.status = Status.NEEDS_REVISION
            application.revision_note = note
        application.save()
        events.record(
            application,
            E.FORWARDED if decision == "forward" else E.RETURNED,
            actor=staff,
            from_status=before,
            to_status=application.status,
            note=note,
        )
        if decision == "forward":
            notify_applicants(application, f"Pengajuan diteruskan ke {application.product.lender}")
            notify_users(
                lender_users(application.product),
                title=f"Pengajuan baru dari DKUM: {application.title}",
                url=application_url(application),
            )
        else:
            notify_applicants(application, "Pengajuan perlu diperbaiki", note)
    return application


def _approved_amount(item: dict, requested: int) -> int | None:
    amount = item.get("amount_rupiah")
    if amount in (None, ""):
        return requested
    try:
        return int(amount)
    except (TypeError, ValueError):
        return None


def _check_decisions(members: dict, decisions: list[dict]) -> list[tuple]:
    """Apply ``decisions`` to the (unsaved) members; the problems found, all at once."""
    problems: list[tuple] = []
    for item in decisions:
        nik = str(item.get("nik", "")).strip()
        member = members.get(nik)
        if member is None:
            problems.append(
                ("member_not_in_application", "NIK ini bukan anggota pengajuan.", "members", [nik])
            )
            continue
        if member.decision != Decision.PENDING:
            raise ConflictError("already_decided", "Anggota ini sudah diputuskan.")
        if item.get("approve"):
            amount = _approved_amount(item, member.amount_rupiah)
            if amount is None or amount <= 0:
                problems.append(
                    (
                        "amount_under_minimum",
                        "Jumlah disetujui harus lebih dari 0.",
                        "members",
                        [nik],
                    )
                )
            elif amount > member.amount_rupiah:
                problems.append(
                    (
                        "amount_over_request",
                        "Jumlah disetujui melebihi jumlah yang diajukan.",
                        "members",
                        [nik],
                    )
                )
            member.decision = Decision.APPROVED
            member.approved_amount_rupiah = amount
            member.decision_reason = str(item.get("reason") or "")[:300]
        else:
            reason = str(item.get("reason") or "").strip()[:300]
            if not reason:
                problems.append(("reason_required", "Tuliskan alasan penolakan.", "members", [nik]))
            member.decision = Decision.REFUSED
            member.approved_amount_rupiah = None
            member.decision_reason = reason
    return problems


def _decided_status(members) -> str | None:
    states = [m.decision for m in members]
    if Decision.PENDING in states:
        return None
    if all(
        m.decision == Decision.APPROVED and m.approved_amount_rupiah == m.amount_rupiah
        for m in members
    ):
        return Status.APPROVED
    if Decision.APPROVED in states:
        return Status.PARTIALLY_APPROVED
    return Status.REJECTED


def application_decide(*, application: Application, officer, decisions: list[dict]):
    """The lender's officer decides per member: approve an amount up to the request, or refuse
    with a reason. The application is decided once every member is."""
    require_lender(application, officer)
    with transaction.atomic():
        application = lock_application(application)
        if application.status not in DECIDABLE:
            raise wrong_status(application, "diputuskan")
        members = {m.person.nik: m for m in application.members.select_related("person")}
        problems = _check_decisions(members, decisions)
        if problems:
            raise RuleError(*problems)
        if not decisions:
            raise RuleError.one("required", "Putuskan setidaknya satu anggota.", field="members")
        for item in decisions:
            members[str(item["nik"]).strip()].save(
                update_fields=["decision", "approved_amount_rupiah", "decision_reason"]
            )
        before = application.status
        status = _decided_status(members.values())
        if status is not None:
            application.status = status
            application.decided_at = timezone.now()
            application.save(update_fields=["status", "decided_at", "updated_at"])
            if status == Status.REJECTED:
                application.recommendations.filter(revoked_at__isnull=True).update(
                    revoked_at=timezone.now()
                )
        events.record(
            application,
            E.DECIDED if application.status != before else E.MEMBERS_DECIDED,
            actor=officer,
            from_status=before,
            to_status=application.status if application.status != before else "",
            data={"members": [str(d.get("nik")) for d in decisions]},
        )
        if application.status != before:
            notify_applicants(
                application,
                f"Keputusan {application.product.lender}: {application.get_status_display()}",
            )
    return application


def application_disburse(*, application: Application, officer, disbursed_on: datetime.date):
    """Record the disbursement: each approved member gets a loan with its schedule."""
    require_lender(application, officer)
    if disbursed_on > timezone.localdate():
        raise RuleError.one(
            "date_in_future", "Tanggal pencairan tidak boleh di masa depan.", field="disbursed_on"
        )
    with transaction.atomic():
        application = lock_application(application)
        if application.status not in DISBURSABLE:
            raise wrong_status(application, "dicairkan")
        for member in application.members.filter(decision=Decision.APPROVED).select_related(
            "person"
        ):
            approved = member.approved_amount_rupiah or 0
            schedule = build_schedule(
                product=application.product,
                amount_rupiah=approved,
                term_months=application.term_months,
                fee_percent=application.admin_fee_percent,
                start=disbursed_on,
            )
            loan = Loan.objects.create(
                application=application,
                member=member,
                person=member.person,
                kelurahan_id=member.person.kelurahan_id,
                principal_rupiah=approved,
                admin_fee_rupiah=schedule.admin_fee_rupiah,
                total_rupiah=schedule.total_rupiah,
                term_months=application.term_months,
                disbursed_on=disbursed_on,
            )
            Instalment.objects.bulk_create(
                Instalment(loan=loan, number=n, due_date=due, amount_rupiah=amount)
                for n, (due, amount) in enumerate(schedule.instalments, start=1)
            )
        before = application.status
        application.status = Status.DISBURSED
        application.disbursed_on = disbursed_on
        application.save(update_fields=["status", "disbursed_on", "updated_at"])
        events.record(
            application,
            E.DISBURSED,
            actor=officer,
            from_status=before,
            to_status=Status.DISBURSED,
            data={"disbursed_on": disbursed_on.isoformat()},
        )
        notify_applicants(application, "Pinjaman telah dicairkan", "Lihat jadwal angsuran Anda.")
    return application
