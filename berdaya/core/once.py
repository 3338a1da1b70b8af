"""One-time form tokens: a repeat POST of the same form (a double click, a resend after a slow
answer) takes effect once and gets the first answer.

In the template, inside the ``<form method="post">`` (next to ``{% csrf_token %}``)::

    {% load once %}{% once_token %}

or, for a Django form rendered with ``includes/form.html``, add ``OnceFormMixin`` to the form.
On the view that handles the POST::

    from berdaya.core.once import once_per_token

    @login_required
    @once_per_token
    def repayment_record(request, pk): ...

The first POST with a token runs the view; when it redirects (the usual end of a successful POST)
the redirect is kept, and every later POST with the same token gets that same redirect without
running the view again. A POST while the first is still running gets a redirect to the page
itself (a GET). When the first answer is not a redirect (the form had errors), the token is
released so that the corrected form can be sent. A POST without a token runs as before (API
clients use ``Idempotency-Key`` instead).
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html
from django.utils.safestring import SafeString

from berdaya.core.models import OnceSubmission

FIELD_NAME = "once_token"
TOKEN_BYTES = 18
REPEAT_MESSAGE = "Formulir ini sudah dikirim; hasil pengiriman pertama yang ditampilkan."


def new_token() -> str:
    """A fresh unguessable token for one rendering of a form."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_input() -> SafeString:
    """The hidden input carrying a fresh token (what ``{% once_token %}`` renders)."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD_NAME, new_token())


class OnceFormMixin:
    """A form mixin adding the hidden one-time token field (rendered by ``includes/form.html``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[FIELD_NAME] = forms.CharField(  # type: ignore[attr-defined]
            widget=forms.HiddenInput, required=False, initial=new_token, max_length=64
        )


def _token_of(request: HttpRequest) -> str:
    token = request.POST.get(FIELD_NAME, "")
    if not isinstance(token, str) or not (8 <= len(token) <= 64):
        return ""
    if not all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in token):
        return ""
    return token


def _repeat_answer(request: HttpRequest, token: str, user_id: int | None) -> HttpResponse:
    first = OnceSubmission.objects.filter(token=token).first()
    if first is not None and first.user_id == user_id and first.location:
        messages.info(request, REPEAT_MESSAGE)
        return HttpResponseRedirect(first.location)
    # Still running (or someone else's token): show the page again, nothing is done twice.
    return HttpResponseRedirect(request.get_full_path())


def once_per_token(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """View decorator: a POST with an already used one-time token takes effect once."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = _token_of(request) if request.method == "POST" else ""
        if not token:
            return view(request, *args, **kwargs)
        user_id = request.user.pk if request.user.is_authenticated else None
        try:
            with transaction.atomic():
                claim = OnceSubmission.objects.create(
                    token=token, user_id=user_id, path=request.path[:300]
                )
        except IntegrityError:
            return _repeat_answer(request, token, user_id)
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            claim.delete()
            raise
        if 300 <= response.status_code < 400 and response.has_header("Location"):
            claim.location = response["Location"][:500]
            claim.save(update_fields=["location"])
        else:
            claim.delete()
        return response

    return wrapper
