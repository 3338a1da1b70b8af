"""The ``cooperative_members`` kind: members of one cooperative, checked by the cooperatives
app's ``clean_member`` (the rules of ``member_add``) and written by ``cooperatives.bulk``."""

from __future__ import annotations

from berdaya.cooperatives import bulk
from berdaya.imports import values
from berdaya.imports.models import Import
from berdaya.imports.validation.common import Row


class Checker:
    def __init__(self, imp: Import) -> None:
        self.inner = bulk.MemberChecker(int(imp.cooperative_id or 0))
        self.numbers: dict[str, int] = {}

    def check(self, row: Row) -> dict | None:
        data: dict = {
            "member_number": values.text(row.get("member_number")),
            "full_name": values.text(row.get("full_name")),
        }
        try:
            nik = values.nik_text(row.get("nik"))
        except values.CellError as exc:
            row.reasons.append(exc.message)
            nik = ""
        data["nik"] = nik
        gender = row.parse(values.gender, "gender")
        birth = row.parse(values.date, "birth_date")
        if nik and (not gender or not birth):
            try:  # read from the NIK when the sheet leaves them out
                nik_gender, nik_birth = values.nik_parts(nik)
                gender, birth = gender or nik_gender, birth or nik_birth
            except values.CellError:
                pass  # clean_member reports the NIK
        data["gender"], data["birth_date"] = gender or "", birth
        data["joined_on"] = row.parse(values.date, "joined_on")
        for field, name in (
            ("savings_principal", "savings_pokok_rupiah"),
            ("savings_mandatory", "savings_wajib_rupiah"),
            ("savings_voluntary", "savings_sukarela_rupiah"),
        ):
            data[name] = row.parse(values.rupiah, field)
        if row.reasons:
            return None
        clean, reasons = self.inner.check(data)
        number = data["member_number"]
        if number:
            first = self.numbers.setdefault(number, row.number)
            if first != row.number:
                reasons.append(f"Nomor anggota {number} sudah ada di baris {first} berkas ini.")
        row.reasons.extend(reasons)
        return None if row.reasons else clean

    def write_row(self, number: int, clean: dict) -> bulk.MemberRow:
        return bulk.MemberRow(number, clean)


def nik_of(clean: dict) -> str:
    return clean["nik"]


def preview(imp: Import, rows) -> list[str]:
    return bulk.members_preview(
        cooperative_id=int(imp.cooperative_id or 0), rows=rows, on_existing=imp.on_existing
    )


def write(imp: Import, rows) -> list[bulk.Outcome]:
    return bulk.members_upsert(
        cooperative_id=int(imp.cooperative_id or 0), rows=rows, on_existing=imp.on_existing,
        actor=imp.created_by, data={"import": imp.pk},
    )  # fmt: skip


def touched(imp: Import, rows) -> int:
    return bulk.members_touched(
        member_ids=[r.member_id for r in rows if r.member_id],
        since=max(r.written_at for r in rows) if rows else imp.finished_at,
    )


def undo(imp: Import, created, updated, actor) -> None:
    bulk.members_undo(
        created=[r.member_id for r in created if r.member_id],
        restored=[(r.member_id, r.before) for r in updated if r.member_id],
    )
