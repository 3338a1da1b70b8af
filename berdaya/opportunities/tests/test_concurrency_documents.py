"""A staff member adds a document while another cancels the opportunity, on PostgreSQL: the
opportunity's row lock in ``document_add`` makes the one that comes second wait and see the
first's write, so no document is added to an opportunity already cancelled.

The interleaving is forced, not hoped for: this test holds the opportunity's row from its own
connection, lets the cancel wait for it first and then the add, and releases it: the cancel
goes first, and the add must see it. Without the lock (checked by removing it from
``document_add``) the add had read the opportunity as published before the cancel was written,
and added its document to the cancelled opportunity (see docs/adr/0005)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from berdaya.core.models import Event
from berdaya.core.tests.concurrency import MARKS, run_held
from berdaya.opportunities import services
from berdaya.opportunities.models import Opportunity, OpportunityDocument
from berdaya.opportunities.tests.factories import make_opportunity

pytestmark = MARKS
PDF = b"%PDF-1.4\n" + b"0" * 200


def test_it_adds_no_document_to_an_opportunity_cancelled_at_the_same_moment(staff):
    # given a published opportunity
    o = make_opportunity(staff)

    # when one staff member cancels it and, while the cancel waits to be written, another adds
    # a document
    def hold():
        Opportunity.objects.select_for_update().get(pk=o.pk)

    def cancel():
        services.opportunity_cancel(actor=staff, opportunity=o, note="Acara ditunda")

    def add():
        services.document_add(
            actor=staff, opportunity=o, title="Syarat",
            upload=SimpleUploadedFile("syarat.pdf", PDF, "application/pdf"),
        )  # fmt: skip

    results, errors = run_held(hold, cancel, add, one_by_one=True)

    # then the cancel is written first and the document is refused, as the opportunity is
    # cancelled
    assert errors == []
    assert sorted(results) == ["ok", "opportunity_cancelled"]
    verbs = list(
        Event.objects.filter(
            content_type__model="opportunity",
            object_id=str(o.pk),
            verb__in=["document_added", "cancelled"],
        )
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == ["cancelled"]
    assert OpportunityDocument.objects.filter(opportunity=o).count() == 0
