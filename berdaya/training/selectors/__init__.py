"""Reads of this app. Access rules come from ``berdaya.accounts.selectors``.

Who sees what: batches (not personal data) are visible to every logged-in user; rosters,
attendance, completion and exports to DKUM staff; a person's enrollments and certificates to
that person and to staff; a certificate's verification page (name, program, date) to anyone
holding its code.
"""

from __future__ import annotations

from berdaya.training.selectors.access import (
    NIK_ROLES,
    batches_for_staff,
    can_see_nik,
    can_work_on_batch,
    person_by_nik,
    person_for_user,
)
from berdaya.training.selectors.batches import (
    BatchCounts,
    RosterCounts,
    batch_for_staff,
    batch_get,
    batch_list,
    batches_with_counts,
    checkin_problem,
    checkin_window_open,
    enrollment_of,
    enrollments_of_person,
    is_participant,
    open_batches,
    roster,
    session_for_staff,
    session_get,
    session_roster,
    waitlist_position,
)
from berdaya.training.selectors.certificates import (
    certificate_by_code,
    certificate_for_user,
    certificates_of_person,
    person_has_certificate,
    tally_marks,
    valid_certificates,
)
from berdaya.training.selectors.inbox import (
    inbox,
)

__all__ = [
    "NIK_ROLES",
    "person_for_user",
    "person_by_nik",
    "batches_for_staff",
    "can_work_on_batch",
    "can_see_nik",
    "valid_certificates",
    "tally_marks",
    "person_has_certificate",
    "certificates_of_person",
    "certificate_for_user",
    "certificate_by_code",
    "BatchCounts",
    "RosterCounts",
    "batches_with_counts",
    "batch_list",
    "open_batches",
    "batch_get",
    "batch_for_staff",
    "session_for_staff",
    "session_get",
    "checkin_window_open",
    "checkin_problem",
    "roster",
    "session_roster",
    "is_participant",
    "enrollment_of",
    "enrollments_of_person",
    "waitlist_position",
    "inbox",
]
