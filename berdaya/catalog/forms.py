"""Forms of the catalog pages. They collect input; the rules live in ``rules`` via ``services``."""

from __future__ import annotations

from django import forms

from berdaya.catalog.models import Category, Stock
from berdaya.core.cleaning.forms import RupiahInput
from berdaya.core.errors import RuleError
from berdaya.core.forms import choice_field
from berdaya.core.images import photo_input_attrs


class ProblemsMixin:
    def add_problems(self, exc: RuleError) -> None:
        """Each problem beside its field (``marketplace_links.0`` -> ``marketplace_links``)."""
        for problem in exc.problems:
            name = (problem.field or "").split(".", 1)[0]
            if name == "file":
                name = "photo"
            target = name if name in self.fields else None  # type: ignore[attr-defined]
            self.add_error(target, problem.message)  # type: ignore[attr-defined]


class ProductForm(ProblemsMixin, forms.Form):
    business = forms.ChoiceField(label="Usaha")
    name = forms.CharField(label="Nama produk", max_length=120)
    category = forms.ChoiceField(label="Kategori")
    description = forms.CharField(
        label="Keterangan",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Bahan, ukuran, rasa, cara pesan.",
    )
    price_rupiah = forms.CharField(
        label="Harga (Rp)",
        max_length=24,
        help_text="Misalnya 15.000. Untuk rentang harga, isi juga harga tertinggi.",
        widget=RupiahInput(),
    )
    price_max_rupiah = forms.CharField(
        label="Harga tertinggi (Rp)",
        max_length=24,
        required=False,
        widget=RupiahInput(),
    )
    confirm_price = forms.BooleanField(
        label="Harga di atas Rp1 miliar memang benar", required=False
    )
    unit = forms.CharField(label="Satuan", max_length=20, help_text="pcs, kg, porsi, paket, ...")
    stock = forms.ChoiceField(label="Stok", choices=Stock.choices, initial=Stock.READY)
    whatsapp = forms.CharField(
        label="Nomor WhatsApp pemesanan",
        max_length=20,
        help_text="Nomor HP yang Anda pilih untuk ditampilkan kepada pembeli.",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    halal_number = forms.CharField(label="Nomor sertifikat halal", max_length=40, required=False)
    pirt_number = forms.CharField(label="Nomor P-IRT", max_length=40, required=False)
    bpom_number = forms.CharField(label="Nomor BPOM", max_length=40, required=False)
    sni_number = forms.CharField(label="Nomor SNI", max_length=40, required=False)
    marketplace_links = forms.CharField(
        label="Tautan toko di marketplace",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Satu tautan per baris, diawali https:// (Tokopedia, Shopee, TikTok Shop, "
        "Bukalapak, Lazada, Blibli, GoFood, GrabFood, ShopeeFood).",
    )

    def __init__(self, *args, businesses=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "category").choices = [("", "— Pilih kategori —")] + [
            (c.slug, c.name) for c in Category.objects.filter(is_active=True)
        ]
        if businesses:
            choice_field(self, "business").choices = [(str(b.pk), b.name) for b in businesses]
        else:
            del self.fields["business"]

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("business", None)
        data.pop("confirm_price", None)
        data["marketplace_links"] = [
            line.strip()
            for line in (data.get("marketplace_links") or "").splitlines()
            if line.strip()
        ]
        return data


class PhotoForm(ProblemsMixin, forms.Form):
    photo = forms.FileField(
        label="Foto produk",
        help_text="JPG, PNG atau WebP, paling besar 5 MB. Paling banyak 5 foto.",
        widget=forms.ClearableFileInput(attrs=photo_input_attrs()),
    )


class CurationForm(ProblemsMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Keputusan",
        choices=[
            ("publish", "Tayangkan"),
            ("needs_changes", "Kembalikan untuk perbaikan"),
            ("hide", "Sembunyikan"),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Catatan untuk pemilik",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Wajib bila dikembalikan atau disembunyikan.",
    )


class HideForm(forms.Form):
    reason = forms.CharField(label="Alasan (opsional)", required=False, max_length=500)
