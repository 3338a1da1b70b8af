"""Page forms: shape and widgets only. The rules live in ``services`` (the API obeys the same
ones); their problems are put back on these fields."""

from __future__ import annotations

from django import forms

from berdaya.cooperatives import health
from berdaya.cooperatives.models import (
    CooperativeStatus,
    CooperativeType,
    Gender,
    MemberStatus,
    Position,
)
from berdaya.core.cleaning.forms import RupiahInput
from berdaya.core.errors import RuleError
from berdaya.core.forms import choice_field
from berdaya.regions.selectors import kecamatan_list, kelurahan_list

NUMERIC = {"inputmode": "numeric", "autocomplete": "off"}
DATE = forms.DateInput(attrs={"type": "date"})
BOARD_POSITIONS = [p for p in Position.values]


def blank(choices, label: str = "— pilih —") -> list[tuple[str, str]]:
    return [("", label), *choices]


def kelurahan_choices() -> list:
    groups: dict[str, list] = {}
    for k in kelurahan_list():
        groups.setdefault(k.kecamatan.name, []).append((k.code, k.name))
    return blank([(f"Kec. {name}", options) for name, options in groups.items()])


class RuleForm(forms.Form):
    """A form that shows a service's RuleError problems beside its fields."""

    field_map: dict[str, str] = {}

    def add_problems(self, exc: RuleError) -> list:
        others = []
        for problem in exc.problems:
            name = self.field_map.get(problem.field or "", (problem.field or "").rsplit(".", 1)[-1])
            if name in self.fields:
                self.add_error(name, problem.message)
            else:
                others.append(problem)
        return others

    def raw(self) -> dict:
        return {
            name: str(self.data.get(self.add_prefix(name), "") or "").strip()
            for name in self.fields
        }


class CooperativeForm(RuleForm):
    name = forms.CharField(label="Nama koperasi", max_length=150)
    nik_koperasi = forms.CharField(
        label="Nomor Induk Koperasi (NIK koperasi)",
        help_text="16 angka dari ODS Kementerian Koperasi. Bukan NIK KTP.",
        max_length=24,
        widget=forms.TextInput(attrs=NUMERIC),
    )
    legal_number = forms.CharField(label="Nomor Badan Hukum", max_length=100)
    legal_date = forms.CharField(label="Tanggal badan hukum", widget=DATE)
    type = forms.ChoiceField(label="Jenis koperasi", choices=blank(CooperativeType.choices))
    kelurahan_code = forms.ChoiceField(label="Kelurahan")
    rw = forms.CharField(label="RW", widget=forms.TextInput(attrs=NUMERIC))
    rt = forms.CharField(label="RT", widget=forms.TextInput(attrs=NUMERIC))
    street_address = forms.CharField(label="Alamat jalan", required=False, max_length=200)
    phone = forms.CharField(
        label="Telepon koperasi", required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    email = forms.CharField(
        label="Email koperasi", required=False, widget=forms.TextInput(attrs={"type": "email"})
    )
    term_start = forms.CharField(label="Masa jabatan pengurus mulai", required=False, widget=DATE)
    term_end = forms.CharField(label="Masa jabatan pengurus selesai", required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "kelurahan_code").choices = kelurahan_choices()
        for position, label in Position.choices:
            self.fields[f"{position}_name"] = forms.CharField(
                label=f"{label}: nama", required=False, max_length=150
            )
            self.fields[f"{position}_nik"] = forms.CharField(
                label=f"{label}: NIK", required=False, max_length=24,
                widget=forms.TextInput(attrs=NUMERIC),
            )  # fmt: skip

    def board_fields(self):
        return [self[f"{p}_{part}"] for p in BOARD_POSITIONS for part in ("name", "nik")]

    def main_fields(self):
        board = {f"{p}_{part}" for p in BOARD_POSITIONS for part in ("name", "nik")}
        return [self[name] for name in self.fields if name not in board]

    def data_for_service(self) -> dict:
        raw = self.raw()
        board: list[dict] = []
        self.field_map = {}
        for position in BOARD_POSITIONS:
            name, nik = raw.get(f"{position}_name"), raw.get(f"{position}_nik")
            if not (name or nik):
                continue
            i = len(board)
            self.field_map[f"board.{i}.nik"] = f"{position}_nik"
            self.field_map[f"board.{i}.full_name"] = f"{position}_name"
            self.field_map[f"board.{i}.term_end"] = "term_end"
            self.field_map[f"board.{i}.term_start"] = "term_start"
            board.append(
                {"position": position, "full_name": name, "nik": nik,
                 "term_start": raw["term_start"] or None, "term_end": raw["term_end"] or None}
            )  # fmt: skip
        keys = (
            "name", "nik_koperasi", "legal_number", "legal_date", "type", "kelurahan_code",
            "rw", "rt", "street_address", "phone", "email",
        )  # fmt: skip
        return {**{k: raw[k] for k in keys}, "board": board}


def cooperative_initial(coop) -> dict:
    initial = {
        "name": coop.name, "nik_koperasi": coop.nik_koperasi, "legal_number": coop.legal_number,
        "legal_date": coop.legal_date.isoformat(), "type": coop.type,
        "kelurahan_code": coop.kelurahan_id, "rw": coop.rw, "rt": coop.rt,
        "street_address": coop.street_address, "phone": coop.phone, "email": coop.email,
    }  # fmt: skip
    for b in coop.board.all():
        initial.setdefault(f"{b.position}_name", b.full_name)
        initial.setdefault(f"{b.position}_nik", b.nik)
        if b.term_start:
            initial["term_start"] = b.term_start.isoformat()
        if b.term_end:
            initial["term_end"] = b.term_end.isoformat()
    return initial


class ReviewForm(RuleForm):
    decision = forms.ChoiceField(
        label="Keputusan",
        widget=forms.RadioSelect,
        choices=[
            ("verify", "Verifikasi"),
            ("revise", "Minta perbaikan"),
            ("reject", "Tolak"),
        ],
    )
    reason = forms.CharField(
        label="Alasan atau yang perlu diperbaiki",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Wajib untuk penolakan dan permintaan perbaikan.",
    )


class MemberForm(RuleForm):
    member_number = forms.CharField(label="Nomor anggota", max_length=30)
    nik = forms.CharField(
        label="NIK", max_length=24, help_text="16 angka pada KTP anggota.",
        widget=forms.TextInput(attrs=NUMERIC),
    )  # fmt: skip
    full_name = forms.CharField(label="Nama lengkap sesuai KTP", max_length=150)
    gender = forms.ChoiceField(
        label="Jenis kelamin", choices=Gender.choices, widget=forms.RadioSelect
    )
    birth_date = forms.CharField(label="Tanggal lahir", widget=DATE)
    joined_on = forms.CharField(label="Tanggal masuk menjadi anggota", widget=DATE)
    savings_pokok_rupiah = forms.CharField(
        label="Simpanan pokok (Rp)",
        required=False,
        initial="0",
        widget=RupiahInput(),
    )
    savings_wajib_rupiah = forms.CharField(
        label="Simpanan wajib (Rp)",
        required=False,
        initial="0",
        widget=RupiahInput(),
    )
    savings_sukarela_rupiah = forms.CharField(
        label="Simpanan sukarela (Rp)", required=False, initial="0",
        widget=RupiahInput(),
    )  # fmt: skip


class MemberStatusForm(RuleForm):
    status = forms.ChoiceField(label="Status baru", choices=MemberStatus.choices)
    on = forms.CharField(label="Sejak tanggal", widget=DATE)


class ReportForm(RuleForm):
    fiscal_year = forms.CharField(label="Tahun buku", widget=forms.TextInput(attrs=NUMERIC))
    meeting_date = forms.CharField(label="Tanggal RAT", widget=DATE)
    members_total = forms.CharField(
        label="Jumlah anggota (akhir tahun buku)", widget=forms.TextInput(attrs=NUMERIC)
    )
    members_present = forms.CharField(
        label="Anggota hadir di RAT", widget=forms.TextInput(attrs=NUMERIC)
    )
    members_women = forms.CharField(
        label="Anggota perempuan", required=False, widget=forms.TextInput(attrs=NUMERIC)
    )
    members_men = forms.CharField(
        label="Anggota laki-laki", required=False, widget=forms.TextInput(attrs=NUMERIC)
    )
    employees = forms.CharField(
        label="Jumlah karyawan", required=False, widget=forms.TextInput(attrs=NUMERIC)
    )
    total_assets_rupiah = forms.CharField(
        label="Total aset (Rp)", required=False, widget=RupiahInput()
    )
    own_capital_rupiah = forms.CharField(
        label="Modal sendiri (Rp)", required=False, widget=RupiahInput()
    )
    outside_capital_rupiah = forms.CharField(
        label="Modal luar (Rp)", required=False, widget=RupiahInput()
    )
    business_volume_rupiah = forms.CharField(
        label="Volume usaha (Rp)", required=False, widget=RupiahInput()
    )
    shu_rupiah = forms.CharField(
        label="SHU (Rp)", required=False,
        help_text="Tulis tanda minus bila rugi, misalnya -2.500.000.",
        widget=RupiahInput(attrs={"inputmode": "text"}),
    )  # fmt: skip
    minutes = forms.FileField(
        label="Notulen RAT (PDF)", required=False, help_text="Berkas PDF, paling besar 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )  # fmt: skip


class ListFilterForm(forms.Form):
    q = forms.CharField(label="Cari nama atau NIK koperasi", required=False,
                        widget=forms.TextInput(attrs={"type": "search"}))  # fmt: skip
    kecamatan = forms.ChoiceField(label="Kecamatan", required=False)
    kelurahan = forms.ChoiceField(label="Kelurahan", required=False)
    type = forms.ChoiceField(
        label="Jenis", required=False, choices=blank(CooperativeType.choices, "— semua —")
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=blank(CooperativeStatus.choices, "— semua —")
    )
    rat_status = forms.ChoiceField(
        label="Status RAT", required=False,
        choices=blank(list(health.RAT_STATUS_LABELS.items()), "— semua —"),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "kecamatan").choices = blank(
            [(k.code, k.name) for k in kecamatan_list()], "— semua —"
        )
        choice_field(self, "kelurahan").choices = [("", "— semua —"), *kelurahan_choices()[1:]]

    def values(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class StatusForm(RuleForm):
    status = forms.ChoiceField(
        label="Ubah status koperasi",
        choices=[
            (CooperativeStatus.VERIFIED, "Aktif (terverifikasi)"),
            (CooperativeStatus.INACTIVE, "Tidak aktif"),
            (CooperativeStatus.DISSOLVED, "Dibubarkan"),
        ],
    )
    note = forms.CharField(label="Catatan", required=False, max_length=500)
