"""Forms of the opportunities pages. They shape input; the rules live in ``cleaning`` and the
services, whose refusals are put back on the fields."""

from __future__ import annotations

from django import forms

from berdaya.core.errors import RuleError
from berdaya.core.forms import choice_field
from berdaya.opportunities.models import KBLI_SECTIONS, OpportunityKind, SizeChoice

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _kecamatan_choices():
    from berdaya.regions.selectors import kecamatan_list

    return [(k.code, k.name) for k in kecamatan_list()]


def _program_choices():
    from berdaya.training.models import Program

    return [("", "Program apa saja")] + [(p.pk, p.name) for p in Program.objects.all()]


def _product_choices():
    from berdaya.financing.selectors import product_list

    return [("", "Tidak ada")] + [(p.code, p.name) for p in product_list()]


class OpportunityForm(forms.Form):
    kind = forms.ChoiceField(
        label="Jenis peluang", choices=OpportunityKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label="Judul", max_length=200)
    provider = forms.CharField(
        label="Penyelenggara", max_length=150, help_text="Contoh: Dinas KUMKM, Bank BJB, BAZNAS."
    )
    description = forms.CharField(
        label="Keterangan", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    quota = forms.IntegerField(
        label="Kuota", required=False, help_text="Kosongkan bila tanpa batas jumlah peserta."
    )
    first_come = forms.BooleanField(
        label="Siapa cepat dia dapat (kuota terisi menurut urutan pendaftaran)",
        required=False,
        help_text="Tanpa centang: staf memilih peserta setelah pendaftaran ditutup.",
    )
    opens_on = forms.DateField(label="Dibuka mulai", widget=DATE)
    deadline = forms.DateField(
        label="Batas pendaftaran", widget=DATE, help_text="Pendaftaran diterima sampai hari ini."
    )
    kbli_sections = forms.MultipleChoiceField(
        label="Kategori KBLI sasaran",
        required=False,
        choices=[(k, f"{k} – {v}") for k, v in KBLI_SECTIONS.items()],
        widget=forms.CheckboxSelectMultiple,
        help_text="Tanpa pilihan: semua bidang usaha.",
    )
    kecamatan_codes = forms.MultipleChoiceField(
        label="Kecamatan sasaran",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tanpa pilihan: seluruh kota.",
    )
    size_classes = forms.MultipleChoiceField(
        label="Skala usaha",
        required=False,
        choices=SizeChoice.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tanpa pilihan: semua skala.",
    )
    new_entrepreneurs_only = forms.BooleanField(label="Khusus pengusaha baru", required=False)
    women_only = forms.BooleanField(label="Khusus perempuan pengusaha", required=False)
    training_required = forms.BooleanField(label="Perlu sertifikat pelatihan DKUM", required=False)
    training_program = forms.ChoiceField(label="Sertifikat dari program", required=False)
    financing_product = forms.ChoiceField(
        label="Produk pembiayaan (untuk peluang modal)",
        required=False,
        help_text="Pendaftar diarahkan membentuk kelompok atau mengisi pengajuan produk ini.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "kecamatan_codes").choices = _kecamatan_choices()
        choice_field(self, "training_program").choices = _program_choices()
        choice_field(self, "financing_product").choices = _product_choices()

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["training_program"] = data.get("training_program") or None
        data["financing_product"] = data.get("financing_product") or None
        return data

    @classmethod
    def initial_from(cls, o) -> dict:
        return {
            "kind": o.kind, "title": o.title, "provider": o.provider,
            "description": o.description, "quota": o.quota, "first_come": o.first_come,
            "opens_on": o.opens_on, "deadline": o.deadline, "kbli_sections": o.kbli_sections,
            "kecamatan_codes": o.kecamatan_codes, "size_classes": o.size_classes,
            "new_entrepreneurs_only": o.new_entrepreneurs_only, "women_only": o.women_only,
            "training_required": o.training_required,
            "training_program": o.training_program_id or "",
            "financing_product": o.financing_product.code if o.financing_product else "",
        }  # fmt: skip


def add_rule_errors(form: forms.Form, exc: RuleError) -> None:
    for p in exc.problems:
        form.add_error(p.field if p.field in form.fields else None, p.message)


class ApplyForm(forms.Form):
    business = forms.ChoiceField(label="Usaha yang didaftarkan")
    note = forms.CharField(
        label="Catatan singkat",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Misalnya produk yang akan Anda bawa. Paling banyak 500 karakter.",
    )
    attachment = forms.FileField(
        label="Lampiran (PDF, paling besar 10 MB)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, businesses=(), **kwargs):
        super().__init__(*args, **kwargs)
        business = choice_field(self, "business")
        business.choices = [(b.pk, b.name) for b in businesses]
        if len(business.choices) == 1:
            self.fields["business"].widget = forms.HiddenInput()


class DocumentForm(forms.Form):
    title = forms.CharField(label="Judul dokumen", max_length=150, required=False)
    file = forms.FileField(
        label="Berkas PDF (paling besar 10 MB)",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class AlertForm(forms.Form):
    enabled = forms.BooleanField(
        label="Kabari saya tentang peluang baru yang cocok (di aplikasi dan WhatsApp/SMS)",
        required=False,
        help_text="Paling banyak satu pesan WhatsApp/SMS sehari.",
    )
