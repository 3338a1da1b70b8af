from __future__ import annotations

from django.shortcuts import render

from berdaya.accounts.selectors import role_assignments
from berdaya.core.models import Notification
from berdaya.portal.inbox import inbox_for


def home(request):
    """Public landing page; for a logged-in user, what waits for their action."""
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    context = {
        "roles": role_assignments(request.user),
        "inbox": inbox_for(request.user),
        "notifications": Notification.objects.filter(user=request.user, read_at__isnull=True)[:5],
    }
    return render(request, "core/home.html", context)
