"""Forms of the training pages. They parse input; the rules live in ``services``."""

from __future__ import annotations

import re
from datetime import datetime

from django import forms
from django.utils import timezone

from berdaya.core.cleaning.forms import CleaningFormMixin, NikField
from berdaya.core.forms import choice_field
from berdaya.regions.selectors import kecamatan_list
from berdaya.training.models import Program
from berdaya.training.services import SessionTime

SESSION_LINE = re.compile(
    r"^\s*(\d{4}-\d{2}-\d{2})\s+(\d{1,2})[.:](\d{2})\s*-\s*(\d{1,2})[.:](\d{2})\s*(.*)$"
)


class ProgramForm(CleaningFormMixin, forms.Form):
    name = forms.CharField(label="Nama program", max_length=150)
    completion_percent = forms.IntegerField(
        label="Syarat kehadiran (%)",
        min_value=1,
        max_value=100,
        initial=80,
        help_text="Peserta yang hadir paling sedikit sekian persen sesi mendapat sertifikat.",
    )
    description = forms.CharField(
        label="Keterangan",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BatchForm(CleaningFormMixin, forms.Form):
    program = forms.ModelChoiceField(
        label="Program", queryset=Program.objects.all(), empty_label="— Pilih program —"
    )
    name = forms.CharField(label="Nama angkatan", max_length=150, help_text="Contoh: Angkatan 3")
    capacity = forms.IntegerField(
        label="Kapasitas (orang)", min_value=1, max_value=100_000, initial=30
    )
    kecamatan = forms.ChoiceField(label="Kecamatan", required=False)
    venue = forms.CharField(label="Tempat", max_length=200, required=False)
    online_url = forms.URLField(
        assume_scheme="https",
        label="Tautan daring",
        required=False,
        help_text="Untuk pelatihan daring (Zoom, Google Meet).",
    )
    trainer = forms.CharField(label="Pelatih", max_length=150, required=False)
    sessions = forms.CharField(
        label="Jadwal sesi",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Satu sesi per baris: tanggal jam mulai-jam selesai, lalu materi (boleh "
        "kosong). Contoh: 2026-12-07 09:00-12:00 Perencanaan usaha",
    )
    open = forms.BooleanField(label="Langsung buka pendaftaran", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "kecamatan").choices = [("", "— Semua / daring —")] + [
            (k.code, k.name) for k in kecamatan_list()
        ]

    def clean_sessions(self) -> list[SessionTime]:
        result = []
        for number, line in enumerate(self.cleaned_data["sessions"].splitlines(), start=1):
            if not line.strip():
                continue
            match = SESSION_LINE.match(line)
            if not match:
                raise forms.ValidationError(
                    f"Baris {number} tidak terbaca. Tulis seperti: 2026-12-07 09:00-12:00"
                )
            day, h1, m1, h2, m2, topic = match.groups()
            try:
                starts = datetime.strptime(f"{day} {h1}:{m1}", "%Y-%m-%d %H:%M")
                ends = datetime.strptime(f"{day} {h2}:{m2}", "%Y-%m-%d %H:%M")
            except ValueError:
                raise forms.ValidationError(f"Baris {number}: tanggal atau jam tidak ada.")
            tz = timezone.get_current_timezone()
            result.append(
                SessionTime(
                    starts_at=timezone.make_aware(starts, tz),
                    ends_at=timezone.make_aware(ends, tz),
                    topic=topic.strip()[:200],
                )
            )
        if not result:
            raise forms.ValidationError("Tulis paling sedikit satu sesi.")
        return result


class NikForm(CleaningFormMixin, forms.Form):
    nik = NikField(
        label="NIK peserta",
        min_length=16,
        max_length=16,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
