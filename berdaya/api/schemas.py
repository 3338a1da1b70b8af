"""The API's error bodies, and the answers every operation declares in the OpenAPI document.

Every refusal has one of these shapes (see the exception handlers in ``berdaya.api.api``):

* 400, 401, 403, 404, 409: ``{"code", "message"}``
* 422: ``{"errors": [{"field"?, "code", "message", "members"?}]}``
* 429: ``{"code", "message", "retry_after_seconds"}`` with a ``Retry-After`` header
"""

from __future__ import annotations

from berdaya.core.api_schemas import ApiError, ApiProblem, ApiThrottled, ApiValidationError

__all__ = ["ApiError", "ApiProblem", "ApiThrottled", "ApiValidationError", "add_standard_responses"]


DESCRIPTIONS = {
    "400": "Isi permintaan bukan JSON yang sah (invalid_json)",
    "401": "Belum masuk, token tidak sah, atau verifikasi dua langkah belum diberikan",
    "403": "Tidak berwenang (forbidden) atau token CSRF salah (csrf_failed)",
    "404": "Data tidak ditemukan atau di luar jangkauan pengguna",
    "409": "Bertentangan dengan status data saat ini",
    "422": "Isian tidak valid atau aturan menolak permintaan",
    "429": "Terlalu banyak permintaan; tunggu retry_after_seconds (juga header Retry-After)",
}

SCHEMA_OF = {
    "400": "ApiError",
    "401": "ApiError",
    "403": "ApiError",
    "404": "ApiError",
    "409": "ApiError",
    "422": "ApiValidationError",
    "429": "ApiThrottled",
}

UNSAFE = {"post", "put", "patch", "delete"}


def standard_statuses(path: str, method: str, operation: dict) -> set[str]:
    """The refusals an operation can give, whatever its handler declares."""
    statuses = {"422"}
    if operation.get("requestBody"):
        statuses.add("400")
    if operation.get("security"):
        statuses |= {"401", "403"}
    if "{" in path:
        statuses.add("404")
    if method in UNSAFE:
        statuses.add("409")
    return statuses


def component_schemas() -> dict[str, dict]:
    """JSON schemas of the error bodies, ready for ``components.schemas``."""
    template = "#/components/schemas/{model}"
    out: dict[str, dict] = {}
    for model in (ApiError, ApiProblem, ApiValidationError, ApiThrottled):
        schema = model.model_json_schema(ref_template=template)
        for name, sub in schema.pop("$defs", {}).items():
            out.setdefault(name, sub)
        out[model.__name__] = schema
    return out


URI_TOO_LONG = {
    "description": "Alamat (dengan parameternya) terlalu panjang: ditolak server web",
    "content": {"text/html": {"schema": {"type": "string"}}},
}


def add_standard_responses(schema: dict) -> dict:
    """Declare in every operation the refusals it can give, with their typed bodies."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, body in component_schemas().items():
        components.setdefault(name, body)
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            # ninja keys its own answers by int; the document's keys are strings
            responses = {str(status): answer for status, answer in operation["responses"].items()}
            operation["responses"] = responses
            for status in sorted(standard_statuses(path, method, operation)):
                if status in responses:
                    continue
                answer: dict = {
                    "description": DESCRIPTIONS[status],
                    "content": {
                        "application/json": {
                            "schema": {"$ref": f"#/components/schemas/{SCHEMA_OF[status]}"}
                        }
                    },
                }
                responses[status] = answer
            if any(p.get("in") == "query" for p in operation.get("parameters", [])):
                # A request line longer than the web server takes (gunicorn: 4,094 bytes) is
                # refused before the app, as HTML: declared, so a client knows it can happen.
                responses.setdefault("414", URI_TOO_LONG)
            if "429" in responses:
                responses["429"].setdefault(
                    "headers",
                    {
                        "Retry-After": {
                            "description": "Detik sampai boleh mencoba lagi",
                            "schema": {"type": "integer"},
                        }
                    },
                )
    return schema
