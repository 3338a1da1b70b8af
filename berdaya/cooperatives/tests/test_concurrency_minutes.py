"""Two board members attach the RAT minutes of one report at the same moment, on PostgreSQL:
the report's row lock in ``minutes_attach`` makes the second wait until the first's PDF is
stored and written down, so the second is stored beside it (never over it) and the report
keeps the PDF stored last.

The interleaving is forced, not hoped for: this test holds the report's row from its own
connection until both attaches wait on it, and looks at what they stored meanwhile. With the
lock, neither has stored its PDF yet; without it (checked by removing the ``select_for_update``
in ``minutes_attach``) both had stored their PDFs and waited only to write the report, where
the one written last wins whichever PDF was stored last (docs/adr/0005)."""

from __future__ import annotations

import os

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from berdaya.cooperatives import services
from berdaya.cooperatives.models import AnnualReport
from berdaya.cooperatives.tests.helpers import report_data
from berdaya.core.models import Event
from berdaya.core.tests.concurrency import MARKS, run_held

pytestmark = MARKS


def test_it_keeps_both_pdfs_and_shows_the_last_when_two_attach_at_once(coop, board_user):
    # given a filed RAT report without minutes
    report = services.report_file(cooperative=coop, actor=board_user, data=report_data()).report
    folder = os.path.dirname(AnnualReport._meta.get_field("minutes").generate_filename(report, "x"))
    stem = f"rat-{coop.pk}-{report.fiscal_year}-v{report.version}"

    def stored() -> list[str]:
        if not default_storage.exists(folder):
            return []
        return [
            f"{folder}/{f}"
            for f in default_storage.listdir(folder)[1]
            if f.startswith((f"{stem}.", f"{stem}_"))
        ]

    # when two board members attach different PDFs at the same moment, while the report's row
    # is held until both wait for it
    def attach(content: bytes):
        return lambda: services.minutes_attach(
            report=report, actor=board_user,
            upload=SimpleUploadedFile("notulen.pdf", content, "application/pdf"),
        )  # fmt: skip

    def hold_report():
        AnnualReport.objects.select_for_update().get(pk=report.pk)

    stored_while_held: list[list[str]] = []
    first, second = b"%PDF-1.4\n% pertama\n", b"%PDF-1.4\n% kedua\n"
    results, errors = run_held(
        hold_report,
        attach(first),
        attach(second),
        while_held=lambda: stored_while_held.append(stored()),
    )

    # then neither stored its PDF before it had the report (they waited for it together)
    assert errors == [] and results == ["ok", "ok"]
    assert stored_while_held == [[]]
    # and both are stored, neither over the other, and the report shows the one stored last
    report = AnnualReport.objects.get(pk=report.pk)
    paths = stored()
    contents = set()
    for path in paths:
        with default_storage.open(path) as f:
            contents.add(f.read())
    assert len(paths) == 2 and contents == {first, second}
    assert report.minutes.name == max(paths, key=default_storage.get_created_time)
    attached = Event.objects.filter(
        content_type__model="cooperative", object_id=str(coop.pk), verb="minutes_attached",
        data__report=report.pk,
    ).count()  # fmt: skip
    assert attached == 2
