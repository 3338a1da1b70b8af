"""Writes of the cooperatives app. Each workflow step locks its row, checks the status and
writes one event on the cooperative's history. Pages, the API, the demo and imports call these."""

from berdaya.cooperatives.services.members import (
    clean_member,
    member_add,
    member_status_set,
    member_update,
)
from berdaya.cooperatives.services.registration import (
    clean_cooperative,
    cooperative_register,
    cooperative_resubmit,
    cooperative_review,
    cooperative_status_set,
)
from berdaya.cooperatives.services.reports import (
    MINUTES_MAX_BYTES,
    Filed,
    minutes_attach,
    minutes_check,
    report_file,
    report_warnings,
)

__all__ = [
    "MINUTES_MAX_BYTES",
    "Filed",
    "clean_cooperative",
    "clean_member",
    "cooperative_register",
    "cooperative_resubmit",
    "cooperative_review",
    "cooperative_status_set",
    "member_add",
    "member_status_set",
    "member_update",
    "minutes_attach",
    "minutes_check",
    "report_file",
    "report_warnings",
]
