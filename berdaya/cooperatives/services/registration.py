"""Registering a cooperative, staff review, resubmission and later status changes."""

from __future__ import annotations

import phonenumbers
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from berdaya.accounts.models import Role
from berdaya.accounts.selectors import is_staff
from berdaya.accounts.services import role_assign
from berdaya.cooperatives import selectors
from berdaya.cooperatives.cleaning import Cleaner
from berdaya.cooperatives.models import (
    BoardMember,
    Cooperative,
    CooperativeEvents,
    CooperativeStatus,
    CooperativeType,
    Manager,
    Position,
)
from berdaya.core import events
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.notify import notify_user
from berdaya.regions.selectors import kelurahan_get
from berdaya.registry.services import person_link

Status = CooperativeStatus
SINGLE_POSITIONS = (Position.KETUA, Position.SEKRETARIS, Position.BENDAHARA)


def _detail_url(cooperative: Cooperative) -> str:
    return reverse("cooperatives:detail", args=[cooperative.pk])


def _clean_phone(c: Cleaner, data: dict) -> str:
    raw = c.text(data, "phone", "Telepon", max_length=30)
    if not raw:
        return ""
    text = "+" + raw if raw.startswith("62") else raw
    try:
        number = phonenumbers.parse(text, "ID")
        # An office line is often missing from the numbering tables: a possible number will do.
        valid = number.country_code == 62 and phonenumbers.is_possible_number(number)
    except phonenumbers.NumberParseException:
        valid = False
    if not valid:
        c.add("phone_invalid", "Nomor telepon tidak valid, misalnya 021 7720 0000.", "phone")
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def clean_board(rows, c: Cleaner) -> list[dict]:
    """The board and supervisors: each a person (NIK) with a position and a term of office."""
    if rows in (None, ""):
        return []
    if not isinstance(rows, list):
        c.add("board_invalid", "Susunan pengurus harus berupa daftar.", "board")
        return []
    out: list[dict] = []
    seen: set[str] = set()
    for index, row in enumerate(rows):
        row = row if isinstance(row, dict) else {}
        rc = Cleaner(prefix=f"board.{index}.")
        position = rc.choice(row, "position", "Jabatan", Position, code="position_invalid")
        name = rc.text(row, "full_name", "Nama pengurus", required=True)
        start = rc.date(row, "term_start", "Awal masa jabatan", required=False)
        end = rc.date(row, "term_end", "Akhir masa jabatan", required=False)
        if start and end and end < start:
            rc.add("term_invalid", "Akhir masa jabatan harus setelah awalnya.", "term_end")
        if position in SINGLE_POSITIONS:
            if position in seen:
                rc.add(
                    "position_duplicate", f"Hanya boleh satu {Position(position).label}.",
                    "position",
                )  # fmt: skip
            seen.add(position)
        nik, person = "", None
        try:
            nik, person = person_link(nik=str(row.get("nik") or ""), field=f"board.{index}.nik")
        except RuleError as exc:
            rc.problems.extend(exc.problems)
        c.problems.extend(rc.problems)
        out.append(
            {"position": position, "full_name": name, "nik": nik, "person": person,
             "term_start": start, "term_end": end}
        )  # fmt: skip
    return out


def clean_cooperative(data: dict) -> dict:
    """Every field of a registration; raises RuleError with all problems at once."""
    c = Cleaner()
    today = timezone.localdate()
    out: dict = {"name": c.text(data, "name", "Nama koperasi", required=True)}
    nik_koperasi = c.digits(data, "nik_koperasi")
    if len(nik_koperasi) != 16 or not (nik_koperasi.isascii() and nik_koperasi.isdigit()):
        c.add(
            "nik_koperasi_invalid",
            "Nomor Induk Koperasi harus 16 angka (dari ODS Kementerian Koperasi).",
            "nik_koperasi",
        )
    out["nik_koperasi"] = nik_koperasi
    out["legal_number"] = c.text(
        data, "legal_number", "Nomor Badan Hukum", required=True, max_length=100
    )
    out["legal_date"] = c.date(data, "legal_date", "Tanggal badan hukum")
    if out["legal_date"] and out["legal_date"] > today:
        c.add("legal_date_future", "Tanggal badan hukum tidak boleh di masa depan.", "legal_date")
    out["type"] = c.choice(data, "type", "Jenis koperasi", CooperativeType, code="type_invalid")
    try:
        out["kelurahan"] = kelurahan_get(str(data.get("kelurahan_code") or ""))
    except RuleError as exc:
        c.problems.extend(exc.problems)
    out["rw"] = c.small_number(data, "rw", "RW")
    out["rt"] = c.small_number(data, "rt", "RT")
    out["street_address"] = c.text(data, "street_address", "Alamat jalan", max_length=200)
    out["phone"] = _clean_phone(c, data)
    out["email"] = c.email(data)
    out["board"] = clean_board(data.get("board"), c)
    c.raise_if_any()
    return out


def _board_replace(cooperative: Cooperative, board: list[dict]) -> None:
    cooperative.board.all().delete()
    BoardMember.objects.bulk_create(BoardMember(cooperative=cooperative, **row) for row in board)


def cooperative_register(*, actor, data: dict) -> Cooperative:
    """Any logged-in person registers a cooperative whose board they are on (they keep it); DKUM
    staff may register one on its behalf. The registration waits for staff review."""
    if not getattr(actor, "is_authenticated", False):
        raise AccessDenied()
    clean = clean_cooperative(data)
    board = clean.pop("board")
    try:
        with transaction.atomic():
            if Cooperative.objects.filter(nik_koperasi=clean["nik_koperasi"]).exists():
                raise ConflictError(
                    "nik_koperasi_registered", "Nomor Induk Koperasi ini sudah terdaftar."
                )
            coop = Cooperative.objects.create(
                **clean,
                founded_year=clean["legal_date"].year,
                status=Status.SUBMITTED,
                registered_by=actor,
                submitted_at=timezone.now(),
            )
            _board_replace(coop, board)
            if not is_staff(actor):
                Manager.objects.create(cooperative=coop, user=actor)
            events.record(coop, CooperativeEvents.SUBMITTED, actor=actor, to_status=coop.status)
            notify_user(
                actor,
                title="Pendaftaran koperasi diterima",
                body=f"{coop.name} sedang diperiksa staf DKUM.",
                url=_detail_url(coop),
            )
    except IntegrityError:
        raise ConflictError(
            "nik_koperasi_registered", "Nomor Induk Koperasi ini sudah terdaftar."
        ) from None
    return coop


REVIEW = {
    "verify": (Status.VERIFIED, CooperativeEvents.VERIFIED),
    "reject": (Status.REJECTED, CooperativeEvents.REJECTED),
    "revise": (Status.NEEDS_REVISION, CooperativeEvents.REVISION_REQUESTED),
}


def _board_logins(coop: Cooperative) -> list:
    """Registrant (unless staff) and board members whose registry person has a login."""
    users = [coop.registered_by] if coop.registered_by and not is_staff(coop.registered_by) else []
    for row in coop.board.select_related("person__user"):
        user = row.person.user if row.person else None
        if user is not None and user not in users:
            users.append(user)
    return users


def cooperative_review(*, cooperative: Cooperative, reviewer, decision: str, reason: str = ""):
    """Staff verify, reject (with the reason) or ask for revision (what to fix). On verification
    the board's logins get the role pengurus_koperasi and keep this cooperative."""
    if not is_staff(reviewer):
        raise AccessDenied()
    if decision not in REVIEW:
        raise RuleError.one(
            "decision_invalid",
            "Pilih keputusan: verifikasi, minta perbaikan, atau tolak.",
            field="decision",
        )
    reason = (reason or "").strip()
    with transaction.atomic():
        coop = Cooperative.objects.select_for_update().get(pk=cooperative.pk)
        if coop.status != Status.SUBMITTED:
            raise ConflictError(
                "cooperative_not_submitted",
                f"Koperasi ini tidak menunggu keputusan (status: {coop.get_status_display()}).",
            )
        if decision != "verify" and not reason:
            raise RuleError.one(
                "reason_required", "Tulis alasan atau hal yang perlu diperbaiki.", field="reason"
            )
        to_status, verb = REVIEW[decision]
        from_status = coop.status
        coop.status, coop.reason, coop.reviewed_by = to_status, reason, reviewer
        if to_status == Status.VERIFIED:
            coop.verified_at = timezone.now()
            for user in _board_logins(coop):
                role_assign(user=user, role=Role.PENGURUS_KOPERASI)
                Manager.objects.get_or_create(cooperative=coop, user=user)
        coop.save()
        events.record(
            coop, verb, actor=reviewer, from_status=from_status, to_status=to_status, note=reason
        )
        titles = {
            Status.VERIFIED: f"{coop.name} terverifikasi",
            Status.REJECTED: f"Pendaftaran {coop.name} ditolak",
            Status.NEEDS_REVISION: f"Pendaftaran {coop.name} perlu diperbaiki",
        }
        notify_user(coop.registered_by, title=titles[to_status], body=reason, url=_detail_url(coop))
    return coop


def cooperative_resubmit(*, cooperative: Cooperative, actor, data: dict) -> Cooperative:
    """The registrant (or the board) fixes what staff asked and sends it back."""
    if not (selectors.manages(actor, cooperative) or selectors.is_registrant(actor, cooperative)):
        raise AccessDenied()
    clean = clean_cooperative(data)
    board = clean.pop("board")
    with transaction.atomic():
        coop = Cooperative.objects.select_for_update().get(pk=cooperative.pk)
        if coop.status != Status.NEEDS_REVISION:
            raise ConflictError(
                "cooperative_not_in_revision", "Koperasi ini tidak sedang diminta perbaikan."
            )
        if (
            Cooperative.objects.filter(nik_koperasi=clean["nik_koperasi"])
            .exclude(pk=coop.pk)
            .exists()
        ):
            raise ConflictError(
                "nik_koperasi_registered", "Nomor Induk Koperasi ini sudah terdaftar."
            )
        for key, value in clean.items():
            setattr(coop, key, value)
        coop.founded_year = coop.legal_date.year
        coop.status = Status.SUBMITTED
        coop.submitted_at = timezone.now()
        coop.save()
        if board:
            _board_replace(coop, board)
        events.record(
            coop,
            CooperativeEvents.RESUBMITTED,
            actor=actor,
            from_status=Status.NEEDS_REVISION,
            to_status=Status.SUBMITTED,
        )
    return coop


STATUS_MOVES: dict[str, set[str]] = {
    Status.VERIFIED: {Status.INACTIVE, Status.DISSOLVED},
    Status.INACTIVE: {Status.VERIFIED, Status.DISSOLVED},
}


def cooperative_status_set(*, cooperative: Cooperative, actor, status: str, note: str = ""):
    """Staff mark a verified cooperative inactive or dissolved (or active again)."""
    if not is_staff(actor):
        raise AccessDenied()
    if status not in (Status.VERIFIED, Status.INACTIVE, Status.DISSOLVED):
        raise RuleError.one("status_invalid", "Status tidak dikenal.", field="status")
    with transaction.atomic():
        coop = Cooperative.objects.select_for_update().get(pk=cooperative.pk)
        if status not in STATUS_MOVES.get(coop.status, set()):
            raise ConflictError(
                "status_transition_invalid",
                f"Status {coop.get_status_display()} tidak dapat diubah menjadi "
                f"{Status(status).label}.",
            )
        from_status, coop.status = coop.status, status
        coop.save(update_fields=["status", "updated_at"])
        events.record(
            coop,
            CooperativeEvents.STATUS_CHANGED,
            actor=actor,
            from_status=from_status,
            to_status=status,
            note=(note or "").strip(),
        )
    return coop
