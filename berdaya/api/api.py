"""The JSON API, assembled from each app's router. OpenAPI at /api/v1/openapi.json."""

from __future__ import annotations

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from berdaya.accounts.api import router as accounts_router
from berdaya.api.auth import API_AUTH
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.financing.api import router as financing_router
from berdaya.regions.api import router as regions_router
from berdaya.registry.api import router as registry_router
from berdaya.targets.api import router as targets_router
from berdaya.training.api import router as training_router

api = NinjaAPI(
    title="Berdaya API",
    version="1",
    description="API platform Dinas Koperasi dan UMKM. Galat aturan: 422 dengan kode stabil.",
    auth=API_AUTH,
    urls_namespace="api-v1",
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
