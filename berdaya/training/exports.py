"""A batch's participant list as XLSX or CSV (issue 13), through the one list export
(``core.export``): the roster page's own rows (``selectors.roster``: the batch in the staff
member's scope, cancelled enrollments left out), NIK masked as on the page, each export
recorded with its row count."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Value

from berdaya.accounts.selectors import is_staff
from berdaya.core.export import Column, choice_column, export_list, nik_column
from berdaya.registry.models import Gender
from berdaya.training import selectors
from berdaya.training.models import EnrollmentStatus


@login_required
def roster(request, pk: int, fmt: str = "xlsx"):
    if not is_staff(request.user):
        raise PermissionDenied
    batch = selectors.batch_for_staff(request.user, pk)
    total = batch.sessions.count()
    columns = [
        Column("Nama", "person__full_name"),
        nik_column("NIK", "person__nik", full=False),  # masked for staff too, as on the page
        choice_column("Jenis kelamin", "person__gender", Gender.choices),
        Column("Kelurahan", "person__kelurahan__name"),
        choice_column("Status", "status", EnrollmentStatus.choices),
        Column("Hadir", "attended"),
        Column("Sesi", "sessions_total"),
        Column("Sertifikat", "certificate__number"),
    ]
    return export_list(
        request, fmt, queryset=selectors.roster(batch).annotate(sessions_total=Value(total)),
        columns=columns, numbered="No", filename=f"peserta-{batch.pk}", sheet="Peserta",
        subject=f"training.Batch:{batch.pk}",
        purpose="daftar peserta pelatihan (verifikasi identitas; NIK disamarkan)",
    )  # fmt: skip
