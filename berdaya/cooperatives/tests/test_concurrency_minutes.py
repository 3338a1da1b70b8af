"""Two board members attach the RAT minutes of one report at the same moment, on PostgreSQL:
the report's row lock in ``minutes_attach`` makes the second wait until the first's PDF is
stored and written down, so the second is stored beside it (never over it) and the report
keeps the PDF stored last. Fails without the lock (checked by removing it and running this
test: the report then kept the PDF stored first, the later one left unreferenced; see
docs/adr/0005)."""

from __future__ import annotations

import os

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from berdaya.cooperatives import services
from berdaya.cooperatives.models import AnnualReport
from berdaya.cooperatives.tests.helpers import report_data
from berdaya.core.models import Event
from berdaya.core.tests.concurrency import MARKS, run_together

pytestmark = MARKS
ROUNDS = 30  # a new report version each round: the race shows once in 5-35 rounds


def test_it_keeps_both_pdfs_and_shows_the_last_when_two_attach_at_once(coop, board_user):
    for round_ in range(ROUNDS):
        # given a filed RAT report (a new version each round) without minutes
        filed = services.report_file(cooperative=coop, actor=board_user, data=report_data())
        report = filed.report

        # when two board members attach different PDFs at the same moment
        def attach(content: bytes, report=report):
            return lambda: services.minutes_attach(
                report=report, actor=board_user,
                upload=SimpleUploadedFile("notulen.pdf", content, "application/pdf"),
            )  # fmt: skip

        first, second = b"%PDF-1.4\n% pertama\n", b"%PDF-1.4\n% kedua\n"
        results, errors = run_together(attach(first), attach(second))
        # then both are stored, neither over the other, and the report shows the one stored last
        assert errors == [] and results == ["ok", "ok"], round_
        report = AnnualReport.objects.get(pk=report.pk)
        folder, name = os.path.split(report.minutes.name)
        stem = f"rat-{coop.pk}-{report.fiscal_year}-v{report.version}"
        stored = [
            f"{folder}/{f}"
            for f in default_storage.listdir(folder)[1]
            if f.startswith((f"{stem}.", f"{stem}_"))
        ]
        contents = set()
        for path in stored:
            with default_storage.open(path) as f:
                contents.add(f.read())
        assert len(stored) == 2 and contents == {first, second}, round_
        last = max(stored, key=default_storage.get_created_time)
        assert report.minutes.name == last, round_
        attached = Event.objects.filter(
            content_type__model="cooperative", object_id=str(coop.pk), verb="minutes_attached",
            data__report=report.pk,
        ).count()  # fmt: skip
        assert attached == 2, round_
