from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from berdaya.imports.headers import FIELDS_BY_KIND
from berdaya.imports.models import ImportKind, OnExisting


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas lembar kerja"),
        help_text=_(
            "XLSX, XLS, ODS atau CSV, paling besar 50 MB. Baris pertama berisi judul kolom."
        ),
    )
    kind = forms.ChoiceField(label=_("Jenis data"), choices=ImportKind.choices)
    cooperative = forms.IntegerField(
        label=_("Nomor koperasi"), required=False, min_value=1,
        help_text=_("Hanya untuk impor anggota koperasi."),
    )  # fmt: skip
    on_existing = forms.ChoiceField(
        label=_("Jika NIK sudah ada"),
        choices=OnExisting.choices,
        initial=OnExisting.UPDATE,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, kinds: list[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if kinds is not None:
            kind_field = self.fields["kind"]
            assert isinstance(kind_field, forms.ChoiceField)
            kind_field.choices = [c for c in ImportKind.choices if c[0] in kinds]
            if ImportKind.COOPERATIVE_MEMBERS not in kinds:
                del self.fields["cooperative"]


class MappingForm(forms.Form):
    """One choice per column of the sheet: which field it holds (or none)."""

    def __init__(self, *args, kind: str, headers: list[str], mapping: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("(abaikan kolom ini)"))] + [
            (name, label) for name, (label, _variants) in FIELDS_BY_KIND[kind].items()
        ]
        self.headers = [h for h in headers if h]
        for index, header in enumerate(self.headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header, choices=choices, required=False, initial=mapping.get(header, "")
            )

    def mapping(self) -> dict[str, str]:
        return {h: self.cleaned_data.get(f"col_{i}") or "" for i, h in enumerate(self.headers)}
