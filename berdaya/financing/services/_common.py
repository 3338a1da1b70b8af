"""Helpers shared by the financing services: the row locks, the wrong-status conflict, the
caller checks and the notifications of the next step.

Lock order (the same in every service, so two steps never wait for each other in a circle):

    Group -> Invitation / GroupMember -> Application -> Loan (by id) -> Instalment

A service that needs an application and its loans locks the application first
(``lock_application``), then the loans in id order (``lock_loans``). Recording one repayment
therefore locks the loan's application before the loan. See
docs/adr/0005-financing-layout-and-lock-order.md.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.notify import notify_users
from berdaya.financing import people
from berdaya.financing.models import Application, Level, Loan, Status
from berdaya.financing.recommendation_rules import (
    current_level,
    is_lender_officer,
    officials_for,
    staff_users_for,
)


def wrong_status(application: Application, action: str) -> ConflictError:
    return ConflictError(
        "wrong_status",
        f"Pengajuan berstatus \u201c{application.get_status_display()}\u201d; "
        f"tidak dapat {action}.",
    )


def lock_application(application: Application | int) -> Application:
    """Lock the application row (first in the lock order after the group) and read it fresh."""
    pk = application if isinstance(application, int) else application.pk
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("product__lender", "group", "kelurahan")
        .get(pk=pk)
    )


def lock_loans(application: Application, loan_ids=None) -> dict[int, Loan]:
    """Lock the application's loans (all, or ``loan_ids``) in id order, after the application."""
    qs = (
        Loan.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(application=application)
        .order_by("pk")
    )
    if loan_ids is not None:
        qs = qs.filter(pk__in=list(loan_ids))
    return {loan.pk: loan for loan in qs}


def application_url(application: Application) -> str:
    return reverse("financing:application", args=[application.pk])


def require_person(user):
    person = people.person_for_user(user)
    if person is None:
        raise RuleError.one(
            "person_required",
            "Lengkapi data diri dan daftar sebagai mitra binaan terlebih dahulu.",
        )
    return person


def require_leader(application: Application, user) -> None:
    person = people.person_for_user(user)
    if person is None or person.pk != application.applicant_id:
        raise AccessDenied("Hanya ketua kelompok (pemohon) yang dapat melakukan ini.")


def require_lender(application: Application, officer) -> None:
    if not is_lender_officer(officer, application.product):
        raise AccessDenied("Pengajuan ini bukan untuk lembaga Anda.")


def applicant_users(application: Application) -> list:
    users = [m.person.user for m in application.members.select_related("person__user")]
    if application.applicant.user and application.applicant.user not in users:
        users.append(application.applicant.user)
    return [u for u in users if u is not None]


def notify_applicants(application: Application, title: str, body: str = "") -> None:
    notify_users(
        applicant_users(application), title=title, body=body, url=application_url(application)
    )


REQUEST_TITLE = "Permintaan rekomendasi"


def clear_recommendation_requests(application: Application, users=None) -> int:
    """A handled request leaves the officials' "Notifikasi baru": mark read the recommendation
    requests of ``application`` (for ``users``, or every official when None)."""
    from berdaya.core.models import Notification

    qs = Notification.objects.filter(
        url=application_url(application),
        title__startswith=REQUEST_TITLE,
        read_at__isnull=True,
    )
    if users is not None:
        qs = qs.filter(user__in=users)
    return qs.update(read_at=timezone.now())


def notify_next_step(application: Application) -> None:
    """Tell whoever acts next: the officials of the open level, or DKUM staff."""
    if application.status == Status.AWAITING_RECOMMENDATION:
        level = current_level(application)
        if level is None:
            return
        notify_users(
            officials_for(application, level),
            title=f"{REQUEST_TITLE} {Level(level).label}: {application.title}",
            body="Mohon periksa anggota di wilayah Anda dan beri rekomendasi.",
            url=application_url(application),
        )
    elif application.status == Status.AWAITING_VERIFICATION:
        notify_users(
            staff_users_for(application),
            title=f"Pengajuan siap diverifikasi: {application.title}",
            url=application_url(application),
        )
