"""Financing's part of "Unduh semua data saya": the person's groups, invitations, requests in
applications, loans, instalments and repayments. Other members' requests and loans are theirs,
not the person's, and are left out."""

from __future__ import annotations

from berdaya.core.own_data import Part, iso
from berdaya.financing.models import (
    ApplicationMember,
    GroupMember,
    Instalment,
    Invitation,
    Loan,
    Repayment,
)
from berdaya.financing.models.groups import group_phrase

GROUP_FIELDS = (
    ("group", "Kelompok"),
    ("product", "Produk pembiayaan"),
    ("status", "Status keanggotaan"),
    ("is_leader", "Ketua"),
    ("joint_liability_signed_at", "Tanggung renteng ditandatangani"),
    ("joined_at", "Bergabung"),
    ("left_at", "Keluar"),
)
INVITATION_FIELDS = (
    ("group", "Kelompok"),
    ("status", "Status undangan"),
    ("created_at", "Diundang"),
    ("answered_at", "Dijawab"),
)
REQUEST_FIELDS = (
    ("product", "Produk pembiayaan"),
    ("group", "Kelompok"),
    ("application_status", "Status pengajuan"),
    ("term_months", "Jangka waktu (bulan)"),
    ("amount_rupiah", "Jumlah diajukan (Rp)"),
    ("purpose", "Tujuan penggunaan"),
    ("decision", "Keputusan"),
    ("approved_amount_rupiah", "Jumlah disetujui (Rp)"),
    ("decision_reason", "Alasan"),
    ("submitted_at", "Diajukan"),
)
LOAN_FIELDS = (
    ("product", "Produk pembiayaan"),
    ("principal_rupiah", "Pokok (Rp)"),
    ("admin_fee_rupiah", "Biaya administrasi (Rp)"),
    ("total_rupiah", "Total kewajiban (Rp)"),
    ("paid_rupiah", "Terbayar (Rp)"),
    ("term_months", "Jangka waktu (bulan)"),
    ("disbursed_on", "Tanggal pencairan"),
    ("status", "Status"),
    ("closed_on", "Lunas pada"),
)
INSTALMENT_FIELDS = (
    ("product", "Produk pembiayaan"),
    ("number", "Angsuran ke"),
    ("due_date", "Jatuh tempo"),
    ("amount_rupiah", "Jumlah (Rp)"),
    ("paid_rupiah", "Terbayar (Rp)"),
    ("paid_on", "Dibayar pada"),
)
REPAYMENT_FIELDS = (
    ("product", "Produk pembiayaan"),
    ("paid_on", "Tanggal bayar"),
    ("amount_rupiah", "Jumlah (Rp)"),
)


def personal_data(person) -> list[Part]:
    groups = [
        {
            "group": group_phrase(m.group.name),
            "product": m.group.product.name,
            "status": m.get_status_display(),
            "is_leader": "Ya" if m.is_leader else "Tidak",
            "joint_liability_signed_at": iso(m.joint_liability_signed_at),
            "joined_at": iso(m.created_at),
            "left_at": iso(m.left_at),
        }
        for m in GroupMember.objects.filter(person=person)
        .select_related("group__product")
        .order_by("created_at", "id")
    ]
    invitations = [
        {
            "group": group_phrase(i.group.name),
            "status": i.get_status_display(),
            "created_at": iso(i.created_at),
            "answered_at": iso(i.answered_at),
        }
        for i in Invitation.objects.filter(person=person)
        .select_related("group")
        .order_by("created_at", "id")
    ]
    requests = [
        {
            "product": r.application.product.name,
            "group": group_phrase(r.application.group.name) if r.application.group else "",
            "application_status": r.application.get_status_display(),
            "term_months": r.application.term_months,
            "amount_rupiah": r.amount_rupiah,
            "purpose": r.purpose,
            "decision": r.get_decision_display(),
            "approved_amount_rupiah": r.approved_amount_rupiah,
            "decision_reason": r.decision_reason,
            "submitted_at": iso(r.application.submitted_at),
        }
        for r in ApplicationMember.objects.filter(person=person)
        .select_related("application__product", "application__group")
        .order_by("application__created_at", "id")
    ]
    loans = list(
        Loan.objects.filter(person=person)
        .select_related("application__product")
        .order_by("disbursed_on", "id")
    )
    products = {loan.pk: loan.application.product.name for loan in loans}
    return [
        Part("financing_groups", "Keanggotaan kelompok", GROUP_FIELDS, groups, "group"),
        Part("financing_invitations", "Undangan kelompok", INVITATION_FIELDS, invitations, "group"),
        Part("financing_requests", "Pengajuan pembiayaan", REQUEST_FIELDS, requests, "product"),
        Part(
            "financing_loans", "Pinjaman", LOAN_FIELDS, [_loan(loan) for loan in loans], "product"
        ),
        Part(
            "financing_instalments",
            "Angsuran",
            INSTALMENT_FIELDS,
            [
                {
                    "product": products[i.loan_id],
                    "number": i.number,
                    "due_date": iso(i.due_date),
                    "amount_rupiah": i.amount_rupiah,
                    "paid_rupiah": i.paid_rupiah,
                    "paid_on": iso(i.paid_on),
                }
                for i in Instalment.objects.filter(loan__in=loans).order_by("loan_id", "number")
            ],
            "product",
        ),
        Part(
            "financing_repayments",
            "Pembayaran",
            REPAYMENT_FIELDS,
            [
                {
                    "product": products[r.loan_id],
                    "paid_on": iso(r.paid_on),
                    "amount_rupiah": r.amount_rupiah,
                }
                for r in Repayment.objects.filter(loan__in=loans).order_by("paid_on", "id")
            ],
            "product",
        ),
    ]


def _loan(loan: Loan) -> dict:
    return {
        "product": loan.application.product.name,
        "principal_rupiah": loan.principal_rupiah,
        "admin_fee_rupiah": loan.admin_fee_rupiah,
        "total_rupiah": loan.total_rupiah,
        "paid_rupiah": loan.paid_rupiah,
        "term_months": loan.term_months,
        "disbursed_on": iso(loan.disbursed_on),
        "status": loan.get_status_display(),
        "closed_on": iso(loan.closed_on),
    }
