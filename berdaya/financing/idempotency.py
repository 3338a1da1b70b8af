"""``Idempotency-Key`` for state-changing API requests: a retry with the same key and body
returns the first result; the same key with another body is refused (422
``idempotency_key_reused``). Keys are per user and stored with the first response."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from ninja import Status

from berdaya.core.errors import RuleError
from berdaya.financing.models import IdempotencyKey

HEADER = "Idempotency-Key"


def _request_hash(request) -> str:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        body = request.body.decode("utf-8", "replace")
    canonical = json.dumps(
        [request.method, request.path, body], sort_keys=True, cls=DjangoJSONEncoder
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _plain(data) -> dict:
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def idempotent(request, run: Callable[[], tuple[int, dict]]) -> Status:
    """Run ``run`` (returning status and JSON data) at most once per Idempotency-Key; the
    handler returns the (status, data) pair, which ninja checks against the declared schema."""
    key = (request.headers.get(HEADER) or "").strip()
    if not key:
        return Status(*run())
    if len(key) > 100:
        raise RuleError.one("idempotency_key_invalid", "Idempotency-Key terlalu panjang.")
    digest = _request_hash(request)
    user = request.auth
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(user=user, key=key, request_hash=digest)
        except IntegrityError:
            # Another request with this key finished first (on PostgreSQL the insert waited for
            # it to commit): replay its result, or refuse a different body.
            record = IdempotencyKey.objects.get(user=user, key=key)
            if record.request_hash != digest:
                raise RuleError.one(
                    "idempotency_key_reused",
                    "Idempotency-Key ini sudah dipakai untuk permintaan lain.",
                ) from None
            return Status(record.status_code, record.response)
        status, data = run()
        record.status_code = status
        record.response = _plain(data)
        record.save(update_fields=["status_code", "response"])
    return Status(status, data)
