"""Reads of this app. Access rules come from ``berdaya.accounts.selectors``."""

from __future__ import annotations

from berdaya.registry.selectors.counting import (
    tally_marks,
    verified_months_changed_since,
    verified_registrations,
)
from berdaya.registry.selectors.identity import (
    identity_change_get,
    identity_change_waiting,
    identity_changes_pending,
    identity_changes_visible_to,
)
from berdaya.registry.selectors.people import (
    is_verified_partner,
    is_woman_entrepreneur,
    new_entrepreneur_registrations,
    person_by_nik,
    person_for_user,
    person_is_woman,
    phone_has_account,
    registration_is_verified,
    registration_is_woman_entrepreneur,
    registrations_with_cards,
    verified_business_q,
    verified_partner_ids,
    woman_entrepreneur_q,
)
from berdaya.registry.selectors.personal import (
    inbox,
    personal_data_export,
    timeline,
)
from berdaya.registry.selectors.scope import (
    AREA_ROLES,
    NIK_ROLES,
    _any_of,
    _authenticated,
)
from berdaya.registry.selectors.search import (
    QueueFilters,
    business_search,
    kbli_search,
    likely_duplicates,
    nik_warnings,
    registration_search,
    reports_of,
    waiting_page,
)
from berdaya.registry.selectors.visible import (
    business_get,
    businesses_visible_to,
    can_review,
    can_see_full_nik,
    manages_person,
    persons_visible_to,
    registration_get,
    registrations_visible_to,
)

__all__ = [
    "person_is_woman",
    "registration_is_verified",
    "verified_business_q",
    "verified_partner_ids",
    "registrations_with_cards",
    "phone_has_account",
    "waiting_page",
    "identity_change_waiting",
    "tally_marks",
    "verified_months_changed_since",
    "verified_registrations",
    "AREA_ROLES",
    "NIK_ROLES",
    "QueueFilters",
    "_any_of",
    "_authenticated",
    "business_get",
    "business_search",
    "businesses_visible_to",
    "can_review",
    "can_see_full_nik",
    "identity_change_get",
    "identity_changes_pending",
    "identity_changes_visible_to",
    "inbox",
    "is_verified_partner",
    "is_woman_entrepreneur",
    "kbli_search",
    "likely_duplicates",
    "manages_person",
    "new_entrepreneur_registrations",
    "nik_warnings",
    "person_by_nik",
    "person_for_user",
    "personal_data_export",
    "persons_visible_to",
    "registration_get",
    "registration_is_woman_entrepreneur",
    "registration_search",
    "registrations_visible_to",
    "reports_of",
    "timeline",
    "woman_entrepreneur_q",
]
