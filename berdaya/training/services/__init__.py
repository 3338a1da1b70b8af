"""Writes of the training app. Each workflow step locks its row, checks, writes one event and
notifies on commit (through ``notify_user``, which queues on commit).
"""

from __future__ import annotations

from berdaya.training.services.attendance import (
    _attend,
    _participant,
    attendance_checkin,
    attendance_record,
    attendance_remove,
)
from berdaya.training.services.common import (
    MAX_CAPACITY,
    MAX_SESSIONS,
    _require_staff,
    _when,
)
from berdaya.training.services.completion import (
    CompletionResult,
    _certificate_number,
    batch_complete,
    certificate_revoke,
    verify_url,
)
from berdaya.training.services.enrollment import (
    _batch_url,
    _notify_place,
    _promote_from_waiting_list,
    batch_set_capacity,
    enrollment_cancel,
    enrollment_register,
)
from berdaya.training.services.programs import (
    SessionTime,
    _check_sessions,
    batch_create,
    batch_set_open,
    program_create,
    program_resolve,
)
from berdaya.training.services.reminders import (
    reminders_send,
)

__all__ = [
    "CompletionResult",
    "MAX_CAPACITY",
    "MAX_SESSIONS",
    "SessionTime",
    "_attend",
    "_batch_url",
    "_certificate_number",
    "_check_sessions",
    "_notify_place",
    "_participant",
    "_promote_from_waiting_list",
    "_require_staff",
    "_when",
    "attendance_checkin",
    "attendance_record",
    "attendance_remove",
    "batch_complete",
    "batch_create",
    "batch_set_capacity",
    "batch_set_open",
    "certificate_revoke",
    "enrollment_cancel",
    "enrollment_register",
    "program_create",
    "program_resolve",
    "reminders_send",
    "verify_url",
]
