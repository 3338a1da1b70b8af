from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from berdaya.imports.headers import FIELDS_BY_KIND
from berdaya.imports.models import ImportKind, OnExisting

CHOOSE_COOPERATIVE = _("Pilih koperasi yang anggotanya diimpor.")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas lembar kerja"),
        help_text=_(
            "XLSX, XLS, ODS atau CSV, paling besar 50 MB. Baris pertama berisi judul kolom."
        ),
    )
    kind = forms.ChoiceField(label=_("Jenis data"), choices=ImportKind.choices)
    cooperative = forms.TypedChoiceField(
        label=_("Koperasi"), required=False, coerce=int, empty_value=None,
        help_text=_("Wajib untuk impor anggota koperasi; kosongkan untuk impor mitra binaan."),
    )  # fmt: skip
    on_existing = forms.ChoiceField(
        label=_("Jika NIK sudah ada"),
        choices=OnExisting.choices,
        initial=OnExisting.UPDATE,
        widget=forms.RadioSelect,
    )

    def __init__(
        self,
        *args,
        kinds: list[str] | None = None,
        cooperatives: list[tuple[int, str]] | None = None,
        **kwargs,
    ) -> None:
        """``kinds``: the kinds the user may import; ``cooperatives``: (id, name) of those whose
        members they may import (one alone is chosen already)."""
        super().__init__(*args, **kwargs)
        coop_field = self.fields["cooperative"]
        assert isinstance(coop_field, forms.TypedChoiceField)
        coop_field.choices = [("", _("— pilih koperasi —")), *(cooperatives or [])]
        if cooperatives and len(cooperatives) == 1:
            coop_field.initial = cooperatives[0][0]
        if kinds is not None:
            kind_field = self.fields["kind"]
            assert isinstance(kind_field, forms.ChoiceField)
            kind_field.choices = [c for c in ImportKind.choices if c[0] in kinds]
            if ImportKind.COOPERATIVE_MEMBERS not in kinds:
                del self.fields["cooperative"]
            elif kinds == [ImportKind.COOPERATIVE_MEMBERS]:  # a cooperative's board
                coop_field.required = True
                coop_field.help_text = _("Koperasi yang anggotanya diimpor.")

    def clean(self):
        data = super().clean() or {}
        members = data.get("kind") == ImportKind.COOPERATIVE_MEMBERS
        if members and not data.get("cooperative") and "cooperative" not in self.errors:
            self.add_error("cooperative", CHOOSE_COOPERATIVE)
        return data


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
