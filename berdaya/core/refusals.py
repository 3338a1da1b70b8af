"""A service's refusal shown on the page: each problem of a ``RuleError``, or a
``ConflictError``'s message, as an error message above the page the view redirects to."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest

from berdaya.core.errors import ConflictError, RuleError


def show_refusal(request: HttpRequest, exc: RuleError | ConflictError) -> None:
    for problem in getattr(exc, "problems", None) or [exc]:
        messages.error(request, problem.message)
