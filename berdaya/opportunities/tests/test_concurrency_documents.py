"""A staff member adds a document while another cancels the opportunity, on PostgreSQL: the
opportunity's row lock in ``document_add`` makes the one that comes second wait and see the
first's write, so no document is added to an opportunity already cancelled. Fails without the
lock (checked by removing it and running this test; see docs/adr/0005)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from berdaya.core.models import Event
from berdaya.core.tests.concurrency import MARKS, run_together
from berdaya.opportunities import services
from berdaya.opportunities.models import OpportunityDocument
from berdaya.opportunities.tests.factories import make_opportunity

pytestmark = MARKS
ROUNDS = 8  # fresh objects each round: more chances for the threads to interleave
PDF = b"%PDF-1.4\n" + b"0" * 200


def test_it_adds_no_document_to_an_opportunity_cancelled_at_the_same_moment(staff):
    for round_ in range(ROUNDS):
        # given a published opportunity
        o = make_opportunity(staff)

        # when one staff member adds a document while another cancels it
        def add(o=o):
            services.document_add(
                actor=staff, opportunity=o, title="Syarat",
                upload=SimpleUploadedFile("syarat.pdf", PDF, "application/pdf"),
            )  # fmt: skip

        def cancel(o=o):
            services.opportunity_cancel(actor=staff, opportunity=o, note="Acara ditunda")

        results, errors = run_together(add, cancel)
        # then either the document came first, or it is refused as the opportunity is cancelled
        assert errors == []
        verbs = list(
            Event.objects.filter(
                content_type__model="opportunity",
                object_id=str(o.pk),
                verb__in=["document_added", "cancelled"],
            )  # fmt: skip
            .order_by("pk")
            .values_list("verb", flat=True)
        )
        documents = OpportunityDocument.objects.filter(opportunity=o).count()
        if results == ["ok", "ok"]:
            assert verbs == ["document_added", "cancelled"], round_
            assert documents == 1
        else:
            assert sorted(results) == ["ok", "opportunity_cancelled"], round_
            assert verbs == ["cancelled"] and documents == 0, round_
