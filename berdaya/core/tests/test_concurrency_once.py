"""A form posted twice at the same moment with one token (a double tap), on PostgreSQL: the
unique token row lets one request run the view and answers the other without running it. Fails
when the IntegrityError of the token's insert is not caught (checked by removing the catch;
see docs/adr/0005)."""

from __future__ import annotations

from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpResponseRedirect
from django.test import RequestFactory

from berdaya.core.once import FIELD_NAME, new_token, once_per_token
from berdaya.core.tests.concurrency import MARKS, run_together

pytestmark = MARKS
calls: list[str] = []


@once_per_token
def _moves_money(request):
    calls.append(request.POST["amount"])
    return HttpResponseRedirect(f"/done/{len(calls)}/")


def test_a_double_tap_with_one_token_runs_the_view_once(personas):
    # given one rendering of a payment form
    calls.clear()
    token = new_token()

    def post():
        request = RequestFactory().post("/pay/", {FIELD_NAME: token, "amount": "5"})
        request.user = personas.staff
        request.session = SessionBase()  # an in-memory session, never saved
        # django-stubs does not declare the messages framework's request attribute
        request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
        response = _moves_money(request)
        assert response.status_code == 302

    # when it is posted twice at the same moment
    results, errors = run_together(post, post)
    # then the payment runs once and both taps get an answer (no server error)
    assert errors == [] and results == ["ok", "ok"]
    assert calls == ["5"]
