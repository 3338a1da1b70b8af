"""Typed readers of test-client answers (the client's response is typed as a bare response)."""

from __future__ import annotations

from django.http.response import (
    HttpResponseBase,
    HttpResponseRedirectBase,
    StreamingHttpResponse,
)


def redirect_url(response: HttpResponseBase) -> str:
    """Where a redirect sends the browser; the test fails when the answer is no redirect."""
    assert isinstance(response, HttpResponseRedirectBase), (
        f"expected a redirect, got {response.status_code}"
    )
    return response.url


def streamed_bytes(response: HttpResponseBase) -> bytes:
    """The whole body of a streamed answer (a file or an export)."""
    assert isinstance(response, StreamingHttpResponse), (
        f"expected a streamed answer, got {response.status_code}"
    )
    return response.getvalue()


def codes(response) -> list[str]:
    """The error codes of a 422 API answer; the test fails unless each error is exactly
    ``{field, code, message}`` (the API's contract)."""
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert all(set(e) == {"field", "code", "message"} for e in errors)
    return [e["code"] for e in errors]


def conflict(response, code=None) -> None:
    """A 409 API answer of exactly ``{code, message}`` (with ``code``, when given)."""
    assert response.status_code == 409, response.content
    assert set(response.json()) == {"code", "message"}
    if code:
        assert response.json()["code"] == code
