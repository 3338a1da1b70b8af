"""What each counting rule counts, and the monthly summary table built from it.

The rules, precisely (dates are local dates in ``settings.TIME_ZONE``, periods inclusive):

``new_entrepreneurs``
    Verified mitra binaan registrations marked ``is_new_entrepreneur``, counted on the date of
    ``verified_at``. One verified registration is one new entrepreneur's business.
``women_entrepreneurs``
    Of those, the ones whose person's gender is ``P``.
``trained_new_entrepreneurs``
    Of the new entrepreneurs, the ones whose person holds a training certificate that is not
    revoked (issued at any time), counted on the registration's ``verified_at``.
``groups_financed``
    Applications for a product with ``borrower_type == "group"`` that have a disbursed loan,
    counted once, on the date of their first disbursement.
``amount_disbursed``
    The sum of ``principal_rupiah`` of loans, counted on ``disbursed_on``.

Dimensions: ``kelurahan`` (the business's kelurahan for registrations, the application's
kelurahan for financing; the kecamatan is the first 8 characters of its code), ``kbli`` (the
business's KBLI kategori) and ``gender`` (the person's). Financing has no KBLI, groups no gender.

Everything is aggregated in the database. ``Tally`` keeps these per calendar month so the
dashboard reads a few thousand rows instead of the registry; a period that starts or ends inside
a month reads its partial edge months from the source tables directly.
"""

from __future__ import annotations

from berdaya.targets.tally.periods import (
    achieved_by,
    achieved_by_dimension,
    achieved_by_month,
    achieved_by_months,
    month_end,
    month_start,
    split_period,
    sum_between,
)
from berdaya.targets.tally.refresh import (
    _analyze,
    _save_state,
    _tally_rows,
    fingerprint_of,
    max_age_seconds,
    source_fingerprint,
    source_marks,
    tally_ensure_fresh,
    tally_rebuild,
    tally_refresh,
    tally_update,
)
from berdaya.targets.tally.sources import (
    APPLICATIONS,
    CERTIFICATES,
    REGISTRATION_RULES,
    TALLIED,
    Source,
    local_bounds,
    source,
    source_rows,
)

__all__ = [
    "APPLICATIONS",
    "CERTIFICATES",
    "REGISTRATION_RULES",
    "Source",
    "TALLIED",
    "_analyze",
    "_save_state",
    "_tally_rows",
    "achieved_by",
    "achieved_by_dimension",
    "achieved_by_month",
    "achieved_by_months",
    "fingerprint_of",
    "local_bounds",
    "max_age_seconds",
    "month_end",
    "month_start",
    "source",
    "source_fingerprint",
    "source_marks",
    "source_rows",
    "split_period",
    "sum_between",
    "tally_ensure_fresh",
    "tally_rebuild",
    "tally_refresh",
    "tally_update",
]
