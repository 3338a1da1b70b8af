"""Helpers shared by the service tests (split by step: rules, groups and recommendations,
lending and repayments)."""

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from berdaya.financing import services
from berdaya.financing.models import Application
from berdaya.financing.tests.factories import make_application


def codes(exc) -> set[str]:
    return set(exc.value.codes)


def problem(exc, code):
    return next(p for p in exc.value.problems if p.code == code)


def small_application(amount=5_000_000, term=12, size=3, **kw):
    return make_application(amount=amount, term=term, size=size, **kw)


def submit(application, members):
    return services.application_submit(application=application, user=members[0].user)


def recommended(personas, **kw):
    application, members = small_application(**kw)
    submit(application, members)
    for official, level in (
        (personas.rt_chair, "rt"),
        (personas.rw_chair, "rw"),
        (personas.kelurahan_officer, "kelurahan"),
    ):
        services.recommendation_give(
            application=application, official=official, level=level, approve=True
        )
    return Application.objects.get(pk=application.pk), members


def forwarded(personas, **kw):
    application, members = recommended(personas, **kw)
    services.application_review(application=application, staff=personas.staff, decision="forward")
    return Application.objects.get(pk=application.pk), members


def disbursed(personas, months_ago=3, **kw):
    application, members = forwarded(personas, **kw)
    services.application_decide(
        application=application,
        officer=personas.bank_officer,
        decisions=[{"nik": p.nik, "approve": True} for p in members],
    )
    start = timezone.localdate() - relativedelta(months=months_ago)
    services.application_disburse(
        application=application, officer=personas.bank_officer, disbursed_on=start
    )
    return Application.objects.get(pk=application.pk), members
