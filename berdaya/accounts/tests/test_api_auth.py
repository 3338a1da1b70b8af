from datetime import timedelta

from django.utils import timezone

from berdaya.accounts.models import ApiToken
from berdaya.core.personas import DEMO_PASSWORD


def test_it_issues_a_bearer_token_for_phone_and_password(api, personas):
    response = api().post("auth/token", {"username": "081200000020", "password": DEMO_PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expires_at"}
    token = ApiToken.objects.get(user=personas.staff)
    assert token.key_hash != body["token"] and len(token.key_hash) == 64  # stored hashed
    me = api().get("me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200
    assert me.json()["roles"][0]["role"] == "staf_dkum"


def test_it_answers_401_on_bad_credentials(api, personas):
    for username in ("081200000020", "tidak-ada@contoh.id", "bukan nomor"):
        response = api().post("auth/token", {"username": username, "password": "salah"})
        assert response.status_code == 401
        assert response.json()["code"] == "invalid_credentials"


def test_it_answers_422_when_the_body_is_incomplete(api, db):
    response = api().post("auth/token", {"username": "081200000020"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "password"


def test_it_refuses_an_expired_or_revoked_token(api, personas):
    client = api(personas.staff)
    assert client.get("me").status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("me").status_code == 401
    client = api(personas.staff)
    assert client.delete("auth/token").status_code == 204
    assert client.get("me").status_code == 401


def test_it_refuses_a_missing_or_made_up_token(api, db):
    assert api().get("me").status_code == 401
    assert api().get("me", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_it_publishes_openapi_and_docs(client, db):
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    assert "/api/v1/auth/token" in paths and "/api/v1/regions/kelurahan" in paths
    assert client.get("/api/v1/docs").status_code == 200
