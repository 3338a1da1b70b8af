"""One-time form tokens: a repeated POST takes effect once (issue 8, class 9)."""

from __future__ import annotations

import pytest
from django.http import HttpResponse, HttpResponseRedirect
from django.template import Context, Template
from django.test import RequestFactory

from berdaya.core.models import OnceSubmission
from berdaya.core.once import FIELD_NAME, new_token, once_per_token

pytestmark = pytest.mark.django_db
calls: list[str] = []


@once_per_token
def _moves_money(request):
    calls.append(request.POST.get("amount", ""))
    if request.POST.get("amount") == "bad":
        return HttpResponse("form with errors", status=200)
    return HttpResponseRedirect(f"/done/{len(calls)}/")


def _post(rf, user, data):
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = rf.post("/pay/", data)
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return _moves_money(request)


@pytest.fixture(autouse=True)
def _reset():
    calls.clear()


def test_it_takes_a_repeated_post_once_and_answers_with_the_first_redirect(personas):
    rf = RequestFactory()
    token = new_token()
    first = _post(rf, personas.staff, {FIELD_NAME: token, "amount": "5"})
    second = _post(rf, personas.staff, {FIELD_NAME: token, "amount": "5"})
    assert calls == ["5"]
    assert first["Location"] == second["Location"] == "/done/1/"


def test_it_runs_each_new_token_and_posts_without_token(personas):
    rf = RequestFactory()
    _post(rf, personas.staff, {FIELD_NAME: new_token(), "amount": "1"})
    _post(rf, personas.staff, {FIELD_NAME: new_token(), "amount": "2"})
    _post(rf, personas.staff, {"amount": "3"})
    assert calls == ["1", "2", "3"]


def test_it_releases_the_token_when_the_form_had_errors(personas):
    rf = RequestFactory()
    token = new_token()
    _post(rf, personas.staff, {FIELD_NAME: token, "amount": "bad"})
    assert not OnceSubmission.objects.filter(token=token).exists()
    _post(rf, personas.staff, {FIELD_NAME: token, "amount": "7"})
    assert calls == ["bad", "7"]


def test_it_does_not_replay_another_users_answer(personas):
    rf = RequestFactory()
    token = new_token()
    _post(rf, personas.staff, {FIELD_NAME: token, "amount": "5"})
    answer = _post(rf, personas.admin, {FIELD_NAME: token, "amount": "5"})
    assert calls == ["5"]
    assert answer["Location"] == "/pay/"


def test_it_renders_a_fresh_hidden_token():
    html = Template("{% load once %}{% once_token %}{% once_token %}").render(Context())
    assert html.count(f'name="{FIELD_NAME}"') == 2
    values = [part.split('"')[0] for part in html.split('value="')[1:]]
    assert len(set(values)) == 2
