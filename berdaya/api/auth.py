"""API authentication: bearer tokens (``Authorization: Bearer ...``) or the page session."""

from __future__ import annotations

from ninja.security import HttpBearer, django_auth

from berdaya.accounts.services import token_authenticate


class BearerAuth(HttpBearer):
    def authenticate(self, request, token: str):
        user = token_authenticate(key=token)
        if user is not None:
            request.user = user
        return user


API_AUTH = [BearerAuth(), django_auth]
