"""Writes of the registry. Each workflow step locks its row, checks the status, writes one event
and notifies on commit. Pages, the API, the demo and imports all call these.
"""

from __future__ import annotations

from berdaya.registry.services.business import (
    _business_apply,
    _business_current,
    business_update,
    photo_add,
    report_file,
)
from berdaya.registry.services.common import (
    CONSENT_TEXT,
    IDENTITY_FIELDS,
    PHOTO_MAX_BYTES,
    PHOTO_MAX_SIDE,
    RegistrationThrottled,
    Status,
    _status_url,
)
from berdaya.registry.services.identity import (
    _identity_of,
    identity_change_decide,
    identity_change_request,
    person_link,
    personal_data_access_record,
)
from berdaya.registry.services.registration import (
    _account_for,
    _business_create,
    _business_fields,
    _next_partner_number,
    _person_fields,
    nik_registered_message,
    registration_submit,
)
from berdaya.registry.services.review import (
    REVIEW_DECISIONS,
    _notify_status,
    registration_resubmit,
    registration_review,
)
from berdaya.registry.services.throttle import (
    event_active,
    registration_event_open,
    registration_throttle,
)

__all__ = [
    "CONSENT_TEXT",
    "IDENTITY_FIELDS",
    "PHOTO_MAX_BYTES",
    "PHOTO_MAX_SIDE",
    "REVIEW_DECISIONS",
    "RegistrationThrottled",
    "Status",
    "_account_for",
    "_business_apply",
    "_business_create",
    "_business_current",
    "_business_fields",
    "_identity_of",
    "_next_partner_number",
    "_notify_status",
    "_person_fields",
    "_status_url",
    "business_update",
    "identity_change_decide",
    "identity_change_request",
    "person_link",
    "personal_data_access_record",
    "photo_add",
    "registration_resubmit",
    "registration_review",
    "registration_submit",
    "nik_registered_message",
    "registration_throttle",
    "registration_event_open",
    "event_active",
    "report_file",
]
