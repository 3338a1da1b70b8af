"""Registry and the entrepreneur's portal: the partners' list (queue), the businesses API, a
registration's detail with its timeline and reports, identity changes, and ``/mitra/``."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from berdaya.financing.tests.factories import make_partner
from tests.query_counts.base import api, case, page, times

_month = itertools.count(0)


def _reports(business, n: int) -> None:
    """``n`` monthly development reports of ``business``, each filed by someone else."""
    from berdaya.registry.models import DevelopmentReport
    from tests.query_counts.base import a_user

    for _ in range(n):
        k = next(_month)
        DevelopmentReport.objects.create(
            business=business,
            period=datetime.date(2000 + k // 12, k % 12 + 1, 1),
            sales_rupiah=1_000_000 + k,
            assets_rupiah=5_000_000,
            workers_women=1,
            filed_by=a_user(role="staf_dkum", name=f"Penginput {k}"),
        )


def _registration(person):
    return person.registrations.select_related("business").get()


@case("registry: dkum/mitra/ (the partners' list, verified)")
def _queue(p):
    return page(p.staff, "/dkum/mitra/?status=verified", lambda n: times(n, make_partner))


@case("registry: dkum/mitra/ (the queue, waiting)")
def _queue_waiting(p):
    return page(p.staff, "/dkum/mitra/", lambda n: times(n, lambda: make_partner(verified=False)))


@case("registry: dkum/mitra/ (RT chair's own area)")
def _queue_rt(p):
    return page(p.rt_chair, "/dkum/mitra/?status=verified", lambda n: times(n, make_partner))


@case("registry: GET /businesses (staff)")
def _businesses(p):
    return api(p.staff, "/businesses", lambda n: times(n, make_partner))


@case("registry: dkum/mitra/<pk>/ (detail: timeline events)")
def _detail_timeline(p):
    from berdaya.core import events
    from tests.query_counts.base import a_user

    reg = _registration(make_partner())

    def grow(n):
        for i in range(n):
            actor = a_user(role="staf_dkum", name=f"Staf {i}")
            events.record(reg, "business_updated", actor=actor, note=f"ubah {i}")

    return page(p.staff, f"/dkum/mitra/{reg.pk}/", grow)


@case("registry: dkum/mitra/<pk>/ (detail: development reports)")
def _detail_reports(p):
    reg = _registration(make_partner())
    return page(p.staff, f"/dkum/mitra/{reg.pk}/", lambda n: _reports(reg.business, n))


@case("registry: GET /businesses/{id}/reports")
def _business_reports(p):
    reg = _registration(make_partner())
    path = f"/businesses/{reg.business_id}/reports"
    return api(p.staff, path, lambda n: _reports(reg.business, n))


@case("registry: dkum/perubahan-identitas/ (identity changes)")
def _identity_changes(p):
    from berdaya.registry.models import IdentityChange

    def grow(n):
        for person in times(n, make_partner):
            IdentityChange.objects.create(
                person=person,
                before={"full_name": person.full_name},
                after={"full_name": person.full_name + " Baru"},
                requested_by=person.user,
            )

    return page(p.staff, "/dkum/perubahan-identitas/", grow)


@case("portal: mitra/ (the entrepreneur's reports)")
def _portal_reports(p):
    person = make_partner()
    reg = _registration(person)
    return page(person.user, "/mitra/", lambda n: _reports(reg.business, n))


@case("portal: mitra/ (the entrepreneur's businesses)")
def _portal_businesses(p):
    from berdaya.registry.models import Business, Registration

    person = make_partner()
    first = _registration(person).business

    def grow(n):
        for i in range(n):
            business = Business.objects.get(pk=first.pk)
            business.pk = None
            business.name = f"Usaha ke-{i}"
            business.save()
            Registration.objects.create(
                person=person, business=business, status="submitted", submitted_at=timezone.now()
            )

    return page(person.user, "/mitra/", grow)
