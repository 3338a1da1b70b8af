"""Page forms. They give shape and widgets only; the rules live in ``cleaning`` and ``services``
(the API obeys the same rules), and their problems are put back on these fields."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy

from berdaya.core.cleaning.forms import CleaningFormMixin, RupiahInput
from berdaya.core.date_parts import DatePartsWidget
from berdaya.core.errors import RuleError
from berdaya.core.forms import choice_field
from berdaya.core.images import photo_input_attrs
from berdaya.regions.selectors import kecamatan_list, kelurahan_list
from berdaya.registry.models import (
    Education,
    Gender,
    LegalForm,
    MarketingChannel,
    Need,
    RegistrationStatus,
    SizeClass,
)

NUMERIC = {"inputmode": "numeric", "autocomplete": "off"}


def blank(choices) -> list[tuple[str, str]]:
    return [("", "— pilih —"), *choices]


class RuleForm(CleaningFormMixin, forms.Form):
    """A form that shows a service's RuleError problems beside its fields."""

    def add_problems(self, exc: RuleError) -> list:
        """Put each problem on its field (``person.nik`` -> ``nik``); return the others."""
        others = []
        for problem in exc.problems:
            name = (problem.field or "").rsplit(".", 1)[-1]
            if name in self.fields:
                self.add_error(name, problem.message)
            else:
                others.append(problem)
        return others

    def raw(self) -> dict:
        """The submitted values of this form's fields, as JSON-friendly strings/lists."""
        out: dict = {}
        for name, field in self.fields.items():
            if isinstance(field, forms.MultipleChoiceField):
                out[name] = (
                    self.data.getlist(self.add_prefix(name))
                    if hasattr(self.data, "getlist")
                    else list(self.data.get(name) or [])
                )
            elif isinstance(field, forms.BooleanField):
                out[name] = bool(self.data.get(self.add_prefix(name)))
            elif isinstance(field.widget, forms.MultiWidget):  # a date as day, month, year
                out[name] = field.widget.value_from_datadict(
                    self.data, self.files, self.add_prefix(name)
                )
            else:
                out[name] = str(self.data.get(self.add_prefix(name), "") or "").strip()
        return out


class IdentityForm(RuleForm):
    nik = forms.CharField(
        label="NIK",
        help_text="16 angka pada KTP. Kami memakainya hanya untuk memastikan data Anda.",
        max_length=24,
        widget=forms.TextInput(
            attrs={
                **NUMERIC,
                "hx-get": reverse_lazy("registry:nik_check"),
                "hx-trigger": "input changed delay:400ms",
                "hx-sync": "this:replace",
                "hx-target": "#nik-check",
                "hx-indicator": "#nik-checking",
                "hx-include": "[name=gender],[name^=birth_date_]",
                "aria-describedby": "nik-check id_nik_helptext",
            }
        ),
    )
    full_name = forms.CharField(label="Nama lengkap sesuai KTP", max_length=150)
    gender = forms.ChoiceField(
        label="Jenis kelamin", choices=Gender.choices, widget=forms.RadioSelect
    )
    birth_date = forms.CharField(
        label="Tanggal lahir", help_text="Seperti di KTP.", widget=DatePartsWidget()
    )
    phone = forms.CharField(
        label="Nomor HP (WhatsApp)",
        help_text="Untuk masuk ke akun dan menerima kabar pendaftaran. Contoh: 0812 3456 7890",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label="Email", required=False, widget=forms.TextInput(attrs={"type": "email"})
    )
    education = forms.ChoiceField(
        label="Pendidikan terakhir", choices=blank(Education.choices), required=False
    )
    disability = forms.CharField(
        label="Disabilitas",
        required=False,
        help_text="Isi bila ada, agar kami dapat menyesuaikan layanan.",
    )
    phone_shared = forms.BooleanField(
        label="Nomor ini dipakai bersama keluarga yang sudah punya akun: daftarkan saya tanpa "
        "akun baru",
        required=False,
        help_text="Pendaftaran tetap diperiksa; kabar dikirim ke nomor itu. Tanpa akun sendiri, "
        "Anda tidak dapat masuk untuk melihat status.",
    )


class AddressForm(RuleForm):
    kecamatan_code = forms.ChoiceField(
        label="Kecamatan",
        widget=forms.Select(
            attrs={
                "hx-get": reverse_lazy("regions:kelurahan_options"),
                "hx-target": "#id_kelurahan_code",
                "hx-indicator": "#id_kelurahan_code",
                "hx-trigger": "change changed",
                "hx-sync": "this:replace",
            }
        ),
    )
    kelurahan_code = forms.ChoiceField(label="Kelurahan")
    rw = forms.CharField(label="RW", widget=forms.TextInput(attrs=NUMERIC))
    rt = forms.CharField(label="RT", widget=forms.TextInput(attrs=NUMERIC))
    street_address = forms.CharField(
        label="Alamat jalan",
        required=False,
        help_text="Nama jalan, gang, nomor rumah.",
        max_length=200,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "kecamatan_code").choices = blank(
            [(k.code, k.name) for k in kecamatan_list()]
        )
        kecamatan = self.data.get("kecamatan_code") or self.initial.get("kecamatan_code")
        options = kelurahan_list(kecamatan_code=kecamatan) if kecamatan else kelurahan_list()
        choice_field(self, "kelurahan_code").choices = blank([(k.code, k.name) for k in options])


class BusinessForm(RuleForm):
    name = forms.CharField(label="Nama usaha", max_length=150)
    legal_form = forms.ChoiceField(label="Bentuk usaha", choices=LegalForm.choices)
    started_on = forms.CharField(
        label="Mulai usaha", widget=forms.DateInput(attrs={"type": "date"})
    )
    kbli_code = forms.CharField(
        label="Kode KBLI (5 angka)",
        help_text="Cari dengan kata, misalnya “kue basah” atau “warung”, lalu pilih.",
        max_length=5,
        widget=forms.TextInput(attrs=NUMERIC),
    )
    nib = forms.CharField(
        label="NIB", required=False, help_text="13 angka dari OSS, bila sudah punya.",
        widget=forms.TextInput(attrs=NUMERIC),
    )  # fmt: skip
    npwp = forms.CharField(
        label="NPWP", required=False, help_text="15 atau 16 angka, bila ada.",
        widget=forms.TextInput(attrs=NUMERIC),
    )  # fmt: skip
    capital_rupiah = forms.CharField(
        label="Modal usaha (Rp)",
        help_text="Tanpa tanah dan bangunan. Contoh: 5.000.000",
        widget=RupiahInput(),
    )
    annual_sales_rupiah = forms.CharField(label="Omzet setahun (Rp)", widget=RupiahInput())
    workers_women = forms.CharField(
        label="Tenaga kerja perempuan", initial="0", widget=forms.TextInput(attrs=NUMERIC)
    )
    workers_men = forms.CharField(
        label="Tenaga kerja laki-laki", initial="0", widget=forms.TextInput(attrs=NUMERIC)
    )
    marketing_channels = forms.MultipleChoiceField(
        label="Saluran pemasaran",
        choices=MarketingChannel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class AccountForm(RuleForm):
    password = forms.CharField(
        label="Buat kata sandi",
        help_text="Minimal 8 karakter, jangan hanya angka.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        required=False,
    )
    consent = forms.BooleanField(
        label="Saya setuju data diri dan usaha saya diproses untuk pendaftaran dan pembinaan "
        "mitra binaan",
        required=False,
    )


class ReviewForm(RuleForm):
    decision = forms.ChoiceField(
        label="Keputusan",
        choices=[
            ("verify", "Verifikasi"),
            ("revise", "Minta perbaikan"),
            ("reject", "Tolak"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Alasan atau yang perlu diperbaiki",
        required=False,
        help_text="Wajib untuk minta perbaikan dan penolakan; dikirim ke pendaftar.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReportForm(RuleForm):
    period = forms.CharField(
        label="Bulan", widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text="Satu laporan per bulan; mengisi bulan yang sama memperbarui laporannya.",
    )  # fmt: skip
    sales_rupiah = forms.CharField(label="Omzet bulan ini (Rp)", widget=RupiahInput())
    assets_rupiah = forms.CharField(label="Aset (Rp)", widget=RupiahInput())
    workers_women = forms.CharField(
        label="Tenaga kerja perempuan", widget=forms.TextInput(attrs=NUMERIC)
    )
    workers_men = forms.CharField(
        label="Tenaga kerja laki-laki", widget=forms.TextInput(attrs=NUMERIC)
    )
    production = forms.CharField(
        label="Produksi", required=False, help_text="Misalnya: 300 bungkus per bulan."
    )
    marketing_channels = forms.MultipleChoiceField(
        label="Saluran pemasaran", choices=MarketingChannel.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    needs = forms.MultipleChoiceField(
        label="Kebutuhan", choices=Need.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    note = forms.CharField(
        label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PhotoForm(RuleForm):
    photo = forms.FileField(
        label="Foto usaha atau produk",
        help_text="JPG, PNG atau WebP, paling besar 5 MB.",
        widget=forms.ClearableFileInput(attrs=photo_input_attrs()),
        required=False,
    )
    caption = forms.CharField(label="Keterangan", required=False, max_length=150)


class IdentityChangeForm(RuleForm):
    nik = forms.CharField(label="NIK", max_length=24, widget=forms.TextInput(attrs=NUMERIC))
    full_name = forms.CharField(label="Nama lengkap", max_length=150)
    birth_date = forms.CharField(
        label="Tanggal lahir", widget=forms.DateInput(attrs={"type": "date"})
    )
    gender = forms.ChoiceField(
        label="Jenis kelamin", choices=Gender.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Alasan perubahan", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class DecisionForm(CleaningFormMixin, forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", "Setujui"), ("0", "Tolak")], coerce=lambda v: v == "1"
    )
    note = forms.CharField(required=False, max_length=2000)


class QueueFilterForm(CleaningFormMixin, forms.Form):
    q = forms.CharField(
        label="Cari", required=False,
        help_text=(
            "Nama, nomor pendaftaran (DFT-...), nomor mitra (MB-...), NIB, NIK atau nomor HP"
            " (0812..., +62812...)"
        ),
        widget=forms.TextInput(attrs={"type": "search"}),
    )  # fmt: skip
    status = forms.ChoiceField(
        label="Status", required=False, choices=blank(RegistrationStatus.choices)
    )
    kecamatan = forms.ChoiceField(
        label="Kecamatan",
        required=False,
        widget=forms.Select(
            attrs={
                "hx-get": reverse_lazy("regions:kelurahan_options"),
                "hx-target": "#id_kelurahan",
                "hx-indicator": "#id_kelurahan",
                "hx-trigger": "change changed",
                "hx-sync": "this:replace",
            }
        ),
    )
    kelurahan = forms.ChoiceField(label="Kelurahan", required=False)
    section = forms.ChoiceField(label="Kategori KBLI", required=False)
    size = forms.ChoiceField(label="Skala", required=False, choices=blank(SizeClass.choices))
    gender = forms.ChoiceField(label="Jenis kelamin", required=False, choices=blank(Gender.choices))
    new = forms.ChoiceField(
        label="Pengusaha baru",
        required=False,
        choices=[("", "— semua —"), ("1", "Ya"), ("0", "Bukan")],
    )

    def __init__(self, *args, **kwargs):
        from berdaya.registry.models import KbliCode

        super().__init__(*args, **kwargs)
        choice_field(self, "kecamatan").choices = blank(
            [(k.code, k.name) for k in kecamatan_list()]
        )
        kec = self.data.get("kecamatan") or None
        choice_field(self, "kelurahan").choices = blank(
            [(k.code, k.name) for k in kelurahan_list(kecamatan_code=kec)]
        )
        choice_field(self, "section").choices = blank(
            [
                (k.code, f"{k.code} {k.title}")
                for k in KbliCode.objects.filter(version="2020", level="kategori")
            ]
        )

    def values(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
