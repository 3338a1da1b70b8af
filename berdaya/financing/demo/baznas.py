"""A BAZNAS application of a person holding a DKUM training certificate (the training app's
certificates), submitted through the services."""

from __future__ import annotations

from berdaya.core.errors import RuleError
from berdaya.financing import services
from berdaya.financing.models import Product
from berdaya.registry.models import RegistrationStatus
from berdaya.training.selectors import valid_certificates


def seed_baznas(rng, p, stdout) -> None:
    """A BAZNAS application of a person holding a DKUM training certificate."""
    baznas = Product.objects.get(code="baznas-modal-usaha")
    certificate = (
        valid_certificates()
        .filter(
            person__user__isnull=False, person__registrations__status=RegistrationStatus.VERIFIED
        )
        .exclude(person__financing_requests__isnull=False)
        .select_related("person__user")
        .order_by("-person__kelurahan_id")
        .first()
    )
    if certificate is None:
        stdout.write("financing: no certified person for the BAZNAS demo application")
        return
    person = certificate.person
    months = baznas.terms.values_list("months", flat=True).first() or 10
    application = services.application_create(
        user=person.user, product=baznas, term_months=months,
        members=[{"nik": person.nik, "amount_rupiah": 2_000_000,
                  "purpose": "Peralatan usaha setelah pelatihan DKUM"}],
    )  # fmt: skip
    try:
        services.application_submit(application=application, user=person.user)
    except RuleError as exc:
        stdout.write(f"financing: BAZNAS demo application stays a draft ({exc})")
