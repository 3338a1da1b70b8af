"""The JSON API, assembled from each app's router. OpenAPI at /api/v1/openapi.json.

Every refusal has a typed body (``berdaya.api.schemas``) and every operation declares the refusals
it can give: ``BerdayaAPI`` adds them to the OpenAPI document, so no router has to repeat them.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from berdaya.accounts.api import LoginThrottled
from berdaya.accounts.api import router as accounts_router
from berdaya.accounts.api_auth import API_AUTH, ApiRefusal
from berdaya.api.parser import CleanParser
from berdaya.api.schemas import add_standard_responses
from berdaya.catalog.api import router as catalog_router
from berdaya.cooperatives.api import router as cooperatives_router
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.financing.api import router as financing_router
from berdaya.imports.api import router as imports_router
from berdaya.opportunities.api import router as opportunities_router
from berdaya.regions.api import router as regions_router
from berdaya.registry.api import router as registry_router
from berdaya.targets.api import router as targets_router
from berdaya.training.api import router as training_router


class BerdayaAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return add_standard_responses(schema)


api = BerdayaAPI(
    title="Berdaya API",
    version="1",
    description=(
        "API platform Dinas Koperasi dan UMKM. Masuk dengan token (POST /auth/token, lalu "
        "header Authorization: Bearer ...) atau sesi halaman (dengan token CSRF untuk POST). "
        "Galat: {code, message}; galat isian/aturan: 422 {errors: [{field, code, message, "
        "members}]}; 429 membawa retry_after_seconds dan header Retry-After."
    ),
    auth=API_AUTH,
    urls_namespace="api-v1",
    parser=CleanParser(),
)


def _field_of(loc: list | tuple) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "form", "header"):
        parts = parts[1:]
        # ninja puts the parameter's name first (e.g. "payload"); drop it when more follows
        if len(parts) > 1:
            parts = parts[1:]
    return ".".join(parts)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    errors = []
    for err in exc.errors:
        kind = str(err.get("type", "invalid"))
        errors.append(
            {
                "field": _field_of(err.get("loc", ())),
                "code": "required" if kind == "missing" else kind,
                "message": err.get("msg", "Nilai tidak valid."),
            }
        )
    return api.create_response(request, {"errors": errors}, status=422)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    """ninja's own refusals (a body that is not JSON: 400) in the API's shape."""
    if exc.status_code == 400:
        body = {"code": "invalid_json", "message": "Isi permintaan bukan JSON yang sah."}
    elif exc.status_code == 403:
        body = {"code": "forbidden", "message": "Anda tidak berwenang melakukan tindakan ini."}
    else:
        body = {"code": f"http_{exc.status_code}", "message": exc.message}
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(RuleError)
def on_rule_error(request, exc: RuleError):
    return api.create_response(request, {"errors": [p.as_dict() for p in exc.problems]}, status=422)


@api.exception_handler(ConflictError)
def on_conflict(request, exc: ConflictError):
    return api.create_response(request, {"code": exc.code, "message": exc.message}, status=409)


@api.exception_handler(AccessDenied)
def on_access_denied(request, exc: AccessDenied):
    return api.create_response(request, {"code": "forbidden", "message": exc.message}, status=403)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(
        request,
        {"code": "unauthenticated", "message": "Silakan masuk terlebih dahulu."},
        status=401,
    )


@api.exception_handler(MultiPartParserError)
def on_bad_multipart(request, exc):
    """A multipart body that cannot be read (no or a wrong boundary): 400 in the API's shape."""
    body = {"code": "invalid_body", "message": "Isi permintaan (multipart) tidak dapat dibaca."}
    return api.create_response(request, body, status=400)


@api.exception_handler(ApiRefusal)
def on_refusal(request, exc: ApiRefusal):
    return api.create_response(
        request, {"code": exc.code, "message": exc.message}, status=exc.status
    )


@api.exception_handler(LoginThrottled)
def on_login_throttled(request, exc: LoginThrottled):
    response = api.create_response(request, exc.locked.as_dict(), status=429)
    response["Retry-After"] = str(exc.locked.retry_after_seconds)
    return response


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(
        request, {"code": "not_found", "message": "Data tidak ditemukan."}, status=404
    )


api.add_router("/", accounts_router)
api.add_router("/", regions_router)
api.add_router("/", registry_router)
api.add_router("/", training_router)
api.add_router("/", financing_router)
api.add_router("/", targets_router)
api.add_router("/", cooperatives_router)
api.add_router("/", catalog_router)
api.add_router("/", opportunities_router)
api.add_router("/", imports_router)
