"""Forms of the financing pages. They only shape input; the rules live in the services."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from berdaya.core.cleaning.forms import RupiahField
from berdaya.core.errors import RuleError
from berdaya.financing.models import percent_label
from berdaya.regions.selectors import kelurahan_list

AMOUNT_MAX = 10**12  # far above any product; keeps every amount inside its column
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def add_rule_errors(form: forms.Form, error: RuleError) -> None:
    """Show a service's problems on the form: beside the field named, else at the top."""
    for problem in error.problems:
        name = (problem.field or "").split(".")[-1]
        message = problem.message
        placed = False
        if problem.members and hasattr(form, "member_field"):
            # beside each member's own field, naming them
            for nik in problem.members:
                field = form.member_field(nik, problem.code)
                if field:
                    label = form.member_label(nik)  # type: ignore[attr-defined]
                    form.add_error(field, f"{label}: {message}")
                    placed = True
        if placed:
            continue
        if problem.members and hasattr(form, "member_label"):
            label = form.member_label  # type: ignore[attr-defined]
            message += " (" + ", ".join(label(n) for n in problem.members) + ")"
        form.add_error(name if name in form.fields else None, message)


def name_member_errors(form: forms.Form, fields_by_name: dict[str, str]) -> None:
    """Prefix each per-member field's errors with the member's name (``fields_by_name``: field
    name -> person's name), so a list of errors says whom each is about."""
    for field, name in fields_by_name.items():
        if field in form.errors:
            form.errors[field] = form.error_class(
                [
                    str(m) if str(m).startswith(f"{name}:") else f"{name}: {m}"
                    for m in form.errors[field]
                ]
            )


class GroupForm(forms.Form):
    name = forms.CharField(label="Nama kelompok", max_length=120)
    kelurahan_code = forms.ChoiceField(
        label="Kelurahan", help_text="Wilayah tempat tinggal anggota."
    )
    rw = forms.IntegerField(
        label="RW",
        min_value=1,
        max_value=999,
        required=False,
        help_text="Isi bila semua anggota tinggal di satu RW.",
    )
    rt = forms.IntegerField(
        label="RT",
        min_value=1,
        max_value=999,
        required=False,
        help_text="Isi bila semua anggota tinggal di satu RT (isi juga RW).",
    )
    joint_liability = forms.BooleanField(
        label="Saya setuju menanggung bersama (tanggung renteng) pinjaman anggota kelompok.",
        required=False,
        help_text="Bisa juga ditandatangani nanti di halaman kelompok; pengajuan baru dapat "
        "diajukan setelah semua anggota menandatanganinya.",
    )

    def __init__(self, *args, product=None, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.product = product
        self.fields["kelurahan_code"].choices = [  # type: ignore[attr-defined]
            (k.code, f"{k.name} (Kec. {k.kecamatan.name})") for k in kelurahan_list()
        ]
        if person is not None and not self.is_bound:
            self.initial.update(kelurahan_code=person.kelurahan_id, rw=person.rw, rt=person.rt)
        if product is None or not product.joint_liability:
            del self.fields["joint_liability"]


class InviteForm(forms.Form):
    nik = forms.CharField(
        label="NIK anggota",
        max_length=16,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text="16 angka sesuai KTP. Atau isi nomor HP di bawah.",
    )
    phone = forms.CharField(
        label="Nomor HP (WhatsApp)",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )

    def clean(self):
        data = super().clean() or {}
        if not data.get("nik") and not data.get("phone"):
            raise forms.ValidationError("Isi NIK atau nomor HP orang yang diundang.")
        return data


class AcceptForm(forms.Form):
    joint_liability = forms.BooleanField(
        label="Saya setuju menanggung bersama (tanggung renteng) pinjaman anggota kelompok.",
        required=False,
    )


class ApplicationForm(forms.Form):
    """Term, and per member the amount and purpose (one field pair per member)."""

    term_months = forms.TypedChoiceField(label="Jangka waktu", coerce=int)

    def __init__(self, *args, product, members, initial_rows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.product = product
        self.members = members
        self.fields["term_months"].choices = [  # type: ignore[attr-defined]
            (
                t.months,
                f"{t.months} bulan (biaya administrasi {percent_label(t.admin_fee_percent)})",
            )
            for t in product.terms.all()
        ]
        rows = initial_rows or {}
        for person in members:
            amount, purpose = rows.get(person.nik, (product.amount_max_rupiah, ""))
            self.fields[f"amount_{person.pk}"] = RupiahField(
                label="Jumlah pinjaman (Rp)",
                high=AMOUNT_MAX,
                initial=amount,
                help_text="Boleh ditulis dengan titik, misalnya 5.000.000.",
            )
            self.fields[f"purpose_{person.pk}"] = forms.CharField(
                label="Tujuan penggunaan",
                max_length=200,
                required=False,
                initial=purpose,
            )

    def member_label(self, nik: str) -> str:
        for person in self.members:
            if person.nik == nik:
                return person.full_name
        return nik

    def member_field(self, nik: str, code: str) -> str:
        person = next((p for p in self.members if p.nik == nik), None)
        return f"amount_{person.pk}" if person is not None else ""

    def clean(self):
        data = super().clean()
        name_member_errors(self, {f"amount_{p.pk}": p.full_name for p in self.members})
        return data

    def member_items(self) -> list[dict]:
        return [
            {
                "nik": p.nik,
                "amount_rupiah": self.cleaned_data[f"amount_{p.pk}"],
                "purpose": self.cleaned_data.get(f"purpose_{p.pk}", ""),
            }
            for p in self.members
        ]

    def member_fields(self):
        return [(p, self[f"amount_{p.pk}"], self[f"purpose_{p.pk}"]) for p in self.members]


class RecommendationForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="Keputusan",
        choices=[("1", "Beri rekomendasi"), ("0", "Tolak rekomendasi")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Catatan / alasan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Wajib diisi bila menolak.",
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Hasil verifikasi",
        choices=[("forward", "Teruskan ke lembaga"), ("revise", "Kembalikan untuk perbaikan")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Catatan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Wajib diisi bila dikembalikan.",
    )


class DecisionForm(forms.Form):
    """Per member: approve (amount up to the request) or refuse with a reason."""

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for m in members:
            # nothing pre-set: the officer chooses for each member
            self.fields[f"approve_{m.pk}"] = forms.ChoiceField(
                label=f"Keputusan untuk {m.person.full_name}",
                choices=[("1", "Setujui"), ("0", "Tolak")],
                widget=forms.RadioSelect,
                error_messages={"required": "Pilih setujui atau tolak."},
            )
            self.fields[f"amount_{m.pk}"] = RupiahField(
                label="Jumlah disetujui (Rp)",
                high=AMOUNT_MAX,
                initial=m.amount_rupiah,
                required=False,
                help_text="Boleh ditulis dengan titik, misalnya 5.000.000.",
            )
            self.fields[f"reason_{m.pk}"] = forms.CharField(
                label="Alasan",
                max_length=300,
                required=False,
                help_text="Wajib diisi bila ditolak.",
            )

    def member_label(self, nik: str) -> str:
        return next((m.person.full_name for m in self.members if m.person.nik == nik), nik)

    def member_field(self, nik: str, code: str) -> str:
        member = next((m for m in self.members if m.person.nik == nik), None)
        if member is None:
            return ""
        return f"reason_{member.pk}" if code == "reason_required" else f"amount_{member.pk}"

    def clean(self):
        data = super().clean()
        names = {}
        for m in self.members:
            for key in ("approve", "amount", "reason"):
                names[f"{key}_{m.pk}"] = m.person.full_name
        name_member_errors(self, names)
        return data

    def decisions(self) -> list[dict]:
        out = []
        for m in self.members:
            approve = self.cleaned_data[f"approve_{m.pk}"] == "1"
            out.append(
                {
                    "nik": m.person.nik,
                    "approve": approve,
                    "amount_rupiah": self.cleaned_data.get(f"amount_{m.pk}") if approve else None,
                    "reason": self.cleaned_data.get(f"reason_{m.pk}", ""),
                }
            )
        return out

    def member_fields(self):
        return [
            (m, self[f"approve_{m.pk}"], self[f"amount_{m.pk}"], self[f"reason_{m.pk}"])
            for m in self.members
        ]


class DisburseForm(forms.Form):
    disbursed_on = forms.DateField(label="Tanggal pencairan", widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disbursed_on"].initial = timezone.localdate()


class RepaymentForm(forms.Form):
    paid_on = forms.DateField(label="Tanggal bayar", widget=DATE)
    amount_rupiah = RupiahField(
        label="Jumlah (Rp)", low=1, high=AMOUNT_MAX, help_text="Misalnya 450.000."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate()


class CollectionForm(forms.Form):
    """A group's collection sheet: one amount per loan, prefilled with what is owed."""

    paid_on = forms.DateField(label="Tanggal bayar", widget=DATE)

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.fields["paid_on"].initial = timezone.localdate()
        for row in rows:
            loan = row["loan"]
            self.fields[f"loan_{loan.pk}"] = RupiahField(
                label=f"{row['name']} (Rp)",
                high=AMOUNT_MAX,
                initial=row["owed_rupiah"],
                required=False,
            )

    def member_label(self, nik: str) -> str:
        return next((r["name"] for r in self.rows if r["loan"].person.nik == nik), nik)

    def member_field(self, nik: str, code: str) -> str:
        row = next((r for r in self.rows if r["loan"].person.nik == nik), None)
        return f"loan_{row['loan'].pk}" if row is not None else ""

    def clean(self):
        data = super().clean()
        name_member_errors(self, {f"loan_{r['loan'].pk}": r["name"] for r in self.rows})
        return data

    def payments(self) -> dict[int, int]:
        return {
            row["loan"].pk: self.cleaned_data.get(f"loan_{row['loan'].pk}") or 0
            for row in self.rows
        }

    def row_fields(self):
        return [(row, self[f"loan_{row['loan'].pk}"]) for row in self.rows]


def parse_date(value: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError:
        return default
