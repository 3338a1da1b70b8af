"""Printable training documents: a session's attendance sheet with a signature column and the
certificate's content (issue 14). Views here, beside ``views`` (which is near its 400 lines)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from berdaya.core.documents import letterhead, signatory
from berdaya.core.errors import AccessDenied
from berdaya.core.pdf import qr_svg_data_uri
from berdaya.training import selectors

BLANK_ROWS = 3  # for walk-in participants written by hand


def certificate_context(certificate, verify_url: str) -> dict:
    """What the certificate PDF prints: the office's letterhead and signatory (settings), the
    holder, the programme and the QR code to check it."""
    return {
        "c": certificate,
        "head": letterhead(),
        "signer": signatory(),
        "verify_url": verify_url,
        "qr": qr_svg_data_uri(verify_url),
    }


@require_GET
@login_required
def attendance_sheet(request, pk: int):
    """A session's attendance sheet to print (A4): each registered participant with a signature
    box, a few blank rows, and the organiser's signature. Staff of the batch's scope only."""
    try:
        session = selectors.session_for_staff(request.user, pk)
    except AccessDenied as exc:
        raise PermissionDenied(exc.message) from exc
    rows = list(selectors.session_roster(session).select_related("person__kelurahan"))
    context = {
        "head": letterhead(),
        "session": session,
        "batch": session.batch,
        "rows": rows,
        "blank_rows": range(len(rows) + 1, len(rows) + 1 + BLANK_ROWS),
    }
    return render(request, "training/attendance_sheet.html", context)
