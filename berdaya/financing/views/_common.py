"""What every financing page shares: login and the 403 page for an AccessDenied, the one-click
workflow step, and the one-time token that makes a repeated POST take effect once."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.once import once_per_token
from berdaya.core.refusals import show_refusal


def guarded(view):
    """Login required; an AccessDenied from a selector or service becomes a 403 page; a POST
    carrying an already used one-time token (a double click) takes effect once."""

    @login_required
    @wraps(view)
    @once_per_token
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except AccessDenied as exc:
            raise PermissionDenied(exc.message) from exc

    return wrapper


def step(request, call, ok, back: str):
    """Run a one-click workflow step; refusals come back as messages on the page. ``ok`` is the
    success message, or a function of the step's result that returns it."""
    try:
        result = call()
    except (RuleError, ConflictError) as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, ok(result) if callable(ok) else ok)
    return redirect(back)


def require(allowed: bool, message: str = "Anda tidak dapat melakukan ini.") -> None:
    """A page whose POST would be refused for this user does not render its form (403)."""
    if not allowed:
        raise PermissionDenied(message)
