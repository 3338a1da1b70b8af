"""The rest of the world: the owner's training (a batch in kecamatan Beji and a certificate), a
published product in the catalog, an opportunity with the owner's application, a cooperative
with a member and an annual report, and a registry import."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.world.base import World, _pdf


def build_training(w: World, owner) -> None:
    """A batch in kecamatan Beji the owner joined, and the owner's certificate."""
    from berdaya.targets.tests.builders import certificate as make_certificate
    from berdaya.training import services as training
    from berdaya.training.tests.helpers import make_batch

    batch = make_batch(
        kecamatan_code="32.76.06",
        sessions=2,
        first_start=timezone.now() + datetime.timedelta(days=3),
        capacity=20,
    )
    enrollment = training.enrollment_register(batch=batch, person=owner, actor=owner.user)
    session = batch.sessions.order_by("starts_at").first()
    assert session is not None
    certificate = make_certificate(owner)
    w.ids.update(
        program=batch.program_id,
        batch=batch.pk,
        session=session.pk,
        session_code=session.checkin_code,
        enrollment=enrollment.pk,
        certificate=certificate.pk,
        certificate_code=certificate.code,
    )


def build_target(w: World) -> None:
    """The first programme target (made by the migrations)."""
    from berdaya.targets.models import Target

    w.ids["target"] = Target.objects.order_by("pk").values_list("pk", flat=True).first()


def build_catalog(w: World, p, owner_user, business) -> None:
    """The owner's product, with a photo, published in the public catalog."""
    from berdaya.catalog import services
    from berdaya.catalog.tests.helpers import product_data, upload

    product = services.product_create(
        actor=owner_user, business_id=business.pk, data=product_data(name="Kue Lapis Pemilik")
    )
    photo = services.product_photo_add(actor=owner_user, product=product, upload=upload())
    services.product_submit(actor=owner_user, product=product)
    services.product_curate(actor=p.staff, product=product, decision="publish")
    w.text["owner_product"] = product.name
    w.ids.update(
        product=product.pk,
        product_photo=photo.pk,
        storefront=services.storefront_for(business).slug,
    )


def build_opportunities(w: World, p, owner_user, business) -> None:
    """A published opportunity with a document, and the owner's application with an attachment."""
    from berdaya.opportunities import services
    from berdaya.opportunities.tests.factories import fields

    opportunity = services.opportunity_create(actor=p.staff, **fields(title="Bazar Uji Rute"))
    opportunity = services.opportunity_publish(actor=p.staff, opportunity=opportunity)
    document = services.document_add(
        actor=p.staff, opportunity=opportunity, title="Syarat", upload=_pdf()
    )
    application = services.application_apply(
        user=owner_user, opportunity=opportunity, business=business, attachment=_pdf("niat.pdf")
    )
    w.ids.update(
        opportunity=opportunity.pk,
        opportunity_document=document.pk,
        opportunity_application=application.pk,
    )


def build_cooperatives(w: World, p, board_user) -> None:
    """A verified cooperative in Beji RT 3 / RW 7 registered by the pengurus koperasi persona, with
    a member and an annual (RAT) report with its minutes."""
    from berdaya.cooperatives import services
    from berdaya.cooperatives.models import AnnualReport
    from berdaya.cooperatives.tests.helpers import a_cooperative, member_data, report_data

    coop = a_cooperative(board_user=board_user, staff=p.staff, name="Koperasi Melati Rute")
    member = services.member_add(
        cooperative=coop, actor=p.staff, data=member_data(full_name="Anggota Koperasi Rute")
    )
    services.report_file(cooperative=coop, actor=p.staff, data=report_data())
    report = AnnualReport.objects.filter(cooperative=coop).order_by("-pk").first()
    assert report is not None
    services.minutes_attach(report=report, actor=p.staff, upload=_pdf("notulen.pdf"))
    w.ids.update(cooperative=coop.pk, coop_member=member.pk, coop_report=report.pk)
    w.text["cooperative"] = coop.name


def build_imports(w: World, p) -> None:
    """A registry import uploaded by DKUM staff (not started)."""
    from berdaya.imports import services

    csv = b"nik,nama\n3276065705900001,Siti\n"
    imp = services.import_create(
        actor=p.staff,
        upload=SimpleUploadedFile("mitra.csv", csv, content_type="text/csv"),
        kind="registry",
        start=False,
    )
    w.ids["import"] = imp.pk
