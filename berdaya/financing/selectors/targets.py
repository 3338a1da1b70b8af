"""What the programme targets count of financing (read only, for ``berdaya.targets``): all
applications (the pipeline), group applications by their first disbursement, disbursed loans,
and cheap marks that change when any of them does."""

from __future__ import annotations

from django.db.models import DateField, OuterRef, QuerySet, Subquery

from berdaya.financing.models import Application, BorrowerType, Loan, Status


def tally_applications() -> QuerySet[Application]:
    """Every application (fields ``status``, ``kelurahan_id``, ``created_at``)."""
    return Application.objects.all()


def tally_groups_financed() -> QuerySet[Application]:
    """Group applications with a disbursed loan, annotated ``first_disbursed_on``."""
    first = (
        Loan.objects.filter(application=OuterRef("pk"), disbursed_on__isnull=False)
        .order_by("disbursed_on")
        .values("disbursed_on")[:1]
    )
    return (
        Application.objects.filter(product__borrower_type=BorrowerType.GROUP)
        .annotate(first_disbursed_on=Subquery(first, output_field=DateField()))
        .filter(first_disbursed_on__isnull=False)
    )


def tally_disbursed_loans() -> QuerySet[Loan]:
    """Loans disbursed (fields ``disbursed_on``, ``principal_rupiah``,
    ``application__kelurahan_id``, ``person__gender``)."""
    return Loan.objects.filter(disbursed_on__isnull=False)


def tally_marks() -> dict[str, QuerySet]:
    """One-value querysets (index lookups) that change when a loan or an application is added:
    the last loan id and the last application id."""
    return {
        "loan_id": Loan.objects.order_by("-id").values("id")[:1],
        "application_id": Application.objects.order_by("-id").values("id")[:1],
    }


def application_status_labels() -> dict[str, str]:
    """Each application status and its label, in the workflow's order."""
    return {str(value): str(label) for value, label in Status.choices}
