"""View decorators on the roles of ``berdaya.accounts.selectors``."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from berdaya.accounts.selectors import is_staff


def staff_only(view):
    """A page for DKUM staff: others log in first, then get 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not is_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
