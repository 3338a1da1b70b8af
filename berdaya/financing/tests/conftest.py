"""Fixtures of the financing tests: a small Kredit Mesra (groups of 2-3, quick to build) and an
application at each step of the workflow, plus staff limited to one kecamatan."""

from __future__ import annotations

import pytest
from django.utils import timezone

from berdaya.core.personas import BEJI_KECAMATAN, DEMO_PASSWORD
from berdaya.financing import services
from berdaya.financing.models import Application, Product
from berdaya.financing.tests.factories import logged_in_client, make_application

OTHER_KECAMATAN = "32.76.01"  # Pancoran Mas


@pytest.fixture
def small_mesra(db):
    mesra = Product.objects.get(code="kredit-mesra")
    mesra.group_size_min, mesra.group_size_max = 2, 3
    mesra.save()
    return mesra


@pytest.fixture
def page():
    """``page(user)``: a browser-less client logged in as ``user``."""
    return logged_in_client


def _staff(kecamatan: str, phone: str):
    from berdaya.accounts.services import role_assign, user_create

    user = user_create(
        full_name=f"Staf {kecamatan}", phone=phone, password=DEMO_PASSWORD, validate=False
    )
    role_assign(user=user, role="staf_dkum", kecamatan_code=kecamatan)
    return user


@pytest.fixture
def beji_staff(db):
    return _staff(BEJI_KECAMATAN, "081299990001")


@pytest.fixture
def other_staff(db):
    """DKUM staff limited to another kecamatan: an outsider of the same role."""
    return _staff(OTHER_KECAMATAN, "081299990002")


class Flow:
    """Moves a small group's application along the workflow."""

    def __init__(self, personas):
        self.personas = personas
        self.application, self.members = make_application(size=3, amount=1_000_000)

    @property
    def leader(self):
        return self.members[0].user

    def refresh(self) -> Application:
        self.application = Application.objects.get(pk=self.application.pk)
        return self.application

    def submitted(self):
        services.application_submit(application=self.application, user=self.leader)
        return self.refresh()

    def awaiting_verification(self):
        self.submitted()
        p = self.personas
        steps = ((p.rt_chair, "rt"), (p.rw_chair, "rw"), (p.kelurahan_officer, "kelurahan"))
        for official, level in steps:
            services.recommendation_give(
                application=self.application, official=official, level=level, approve=True
            )
        return self.refresh()

    def forwarded(self):
        self.awaiting_verification()
        services.application_review(
            application=self.application, staff=self.personas.staff, decision="forward"
        )
        return self.refresh()

    def approved(self):
        self.forwarded()
        services.application_decide(
            application=self.application,
            officer=self.personas.bank_officer,
            decisions=[{"nik": m.nik, "approve": True} for m in self.members],
        )
        return self.refresh()

    def disbursed(self):
        self.approved()
        services.application_disburse(
            application=self.application,
            officer=self.personas.bank_officer,
            disbursed_on=timezone.localdate(),
        )
        return self.refresh()


@pytest.fixture
def flow(small_mesra, personas):
    return Flow(personas)
