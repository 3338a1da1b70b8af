"""Cooperatives' part of "Unduh semua data saya": the person's memberships (with savings),
board positions and the cooperatives their account manages."""

from __future__ import annotations

from berdaya.cooperatives.models import BoardMember, Manager, Member
from berdaya.core.own_data import Part, iso

MEMBER_FIELDS = (
    ("cooperative", "Koperasi"),
    ("member_number", "Nomor anggota"),
    ("joined_on", "Tanggal masuk"),
    ("status", "Status"),
    ("status_on", "Tanggal status"),
    ("savings_pokok_rupiah", "Simpanan pokok (Rp)"),
    ("savings_wajib_rupiah", "Simpanan wajib (Rp)"),
    ("savings_sukarela_rupiah", "Simpanan sukarela (Rp)"),
)
BOARD_FIELDS = (
    ("cooperative", "Koperasi"),
    ("position", "Jabatan"),
    ("term_start", "Masa jabatan mulai"),
    ("term_end", "Masa jabatan selesai"),
)
MANAGER_FIELDS = (("cooperative", "Koperasi"), ("since", "Sejak"))


def personal_data(person, user) -> list[Part]:
    members = [
        {
            "cooperative": m.cooperative.name,
            "member_number": m.member_number,
            "joined_on": iso(m.joined_on),
            "status": m.get_status_display(),
            "status_on": iso(m.status_on),
            "savings_pokok_rupiah": m.savings_pokok_rupiah,
            "savings_wajib_rupiah": m.savings_wajib_rupiah,
            "savings_sukarela_rupiah": m.savings_sukarela_rupiah,
        }
        for m in Member.objects.filter(person=person)
        .select_related("cooperative")
        .order_by("joined_on", "id")
    ]
    board = [
        {
            "cooperative": b.cooperative.name,
            "position": b.get_position_display(),
            "term_start": iso(b.term_start),
            "term_end": iso(b.term_end),
        }
        for b in BoardMember.objects.filter(person=person).select_related("cooperative")
    ]
    managed = [
        {"cooperative": m.cooperative.name, "since": iso(m.created_at)}
        for m in Manager.objects.filter(user=user).select_related("cooperative")
    ]
    return [
        Part(
            "cooperative_memberships", "Keanggotaan koperasi", MEMBER_FIELDS, members, "cooperative"
        ),
        Part("cooperative_board", "Pengurus/pengawas koperasi", BOARD_FIELDS, board, "cooperative"),
        Part(
            "cooperatives_managed",
            "Koperasi yang Anda kelola",
            MANAGER_FIELDS,
            managed,
            "cooperative",
        ),
    ]
