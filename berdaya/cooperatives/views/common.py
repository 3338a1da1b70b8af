"""What the cooperative pages share: fetching through the selectors with the right refusal."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from berdaya.cooperatives import selectors
from berdaya.cooperatives.models import Cooperative, MemberStatus
from berdaya.cooperatives.services.members import CLOSED, STATUS_MOVES


def cooperative_or_404(request, pk: int) -> Cooperative:
    """The cooperative if the user may see it; otherwise 404 (its existence is not revealed)."""
    coop = selectors.cooperative_get(request.user, pk)
    if coop is None:
        raise Http404
    return coop


def managed_or_403(request, pk: int) -> Cooperative:
    """A cooperative the user keeps (board or DKUM staff); seen but not kept is 403."""
    coop = cooperative_or_404(request, pk)
    if not selectors.manages(request.user, coop):
        raise PermissionDenied
    return coop


def closed_reason(coop: Cooperative, what: str) -> str:
    """Why the services would refuse ``what`` for this cooperative (rejected or dissolved), or
    "": the page then shows the reason instead of a form that cannot be sent."""
    if coop.status in CLOSED:
        return f"{what} tidak dapat dilakukan: koperasi {coop.get_status_display().lower()}."
    return ""


def status_moves(member) -> list[tuple[str, str]]:
    """The statuses this member may move to (none for a deceased member)."""
    allowed = STATUS_MOVES[MemberStatus(member.status)]
    return [(value, label) for value, label in MemberStatus.choices if value in allowed]
