"""The registry part of the world: the owner (a verified partner in Beji RT 3 / RW 7 with a
business, a photo, a monthly report and a pending identity change), a registration waiting for
DKUM's review, the other partner in Depok Jaya, a registration draft and one sent back."""

from __future__ import annotations

import datetime

from django.utils import timezone

from berdaya.core.personas import DEPOK_JAYA
from tests.world.base import World, _jpeg


def build_owner(w: World):
    """The owner and their business; returns both."""
    from berdaya.financing.tests.factories import make_partner
    from berdaya.registry import services as registry
    from berdaya.registry.models import IdentityChange

    owner = make_partner(name="Sri Wahyuningsih Pemilik", rt=3, rw=7)
    business = owner.registrations.get().business
    registration = owner.registrations.get()
    w.text["owner_business"] = business.name
    w.text["owner_name"] = owner.full_name
    registry.photo_add(business=business, actor=owner.user, upload=_jpeg(), caption="Etalase")
    photo = business.photos.get()
    month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")
    registry.report_file(
        business=business,
        actor=owner.user,
        data={
            "period": month,
            "sales_rupiah": "6000000",
            "assets_rupiah": "12000000",
            "workers_women": "2",
            "workers_men": "0",
        },
    )
    change = IdentityChange.objects.create(
        person=owner,
        before={"full_name": owner.full_name},
        after={"full_name": "Sri Wahyuningsih"},
        reason="Salah ketik nama",
        requested_by=owner.user,
    )
    w.ids.update(
        registration=registration.pk,
        business=business.pk,
        photo=photo.pk,
        identity_change=change.pk,
        owner_nik=owner.nik,
        owner_business=business.pk,
    )
    return owner, business


def build_submitted(w: World) -> None:
    """A registration waiting for DKUM's review, in the owner's RT."""
    from berdaya.registry.tests import factories as registry_factories

    submitted = registry_factories.submit(person={"rw": 7, "rt": 3, "full_name": "Dewi Menunggu"})
    w.ids["registration_submitted"] = submitted.pk


def build_far(w: World):
    """The other partner: their own data in Depok Jaya (kecamatan Pancoran Mas); returns them."""
    from berdaya.financing.tests.factories import make_partner

    far = make_partner(name="Rina Jauh Sekali", kelurahan_code=DEPOK_JAYA, rw=2, rt=1)
    far_registration = far.registrations.get()
    w.ids.update(registration_far=far_registration.pk, business_far=far_registration.business_id)
    return far


def build_draft(w: World) -> None:
    """A registration draft, continued by its token."""
    from berdaya.registry.models import RegistrationDraft

    draft_token = RegistrationDraft.objects.create(
        token="rute-draf-token-0001",
        expires_at=timezone.now() + datetime.timedelta(days=3),
    ).token
    w.ids["draft_token"] = draft_token


def build_revision(w: World, owner) -> None:
    """A second business of the owner whose registration DKUM sent back for revision."""
    from berdaya.targets.tests.builders import registration as make_registration

    w.ids["registration_revision"] = make_registration(who=owner, status="needs_revision").pk
