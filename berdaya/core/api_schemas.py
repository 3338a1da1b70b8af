"""The API's error bodies (``{code, message}``, 422 ``{errors: [...]}``, 429 with
``retry_after_seconds``): in core so that every app's router can declare them;
``berdaya.api.schemas`` adds them to every operation of the OpenAPI document."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field


class ApiError(Schema):
    code: str = Field(description="Kode galat yang stabil, misalnya not_found.")
    message: str = Field(description="Pesan dalam Bahasa Indonesia.")


class ApiProblem(Schema):
    field: str | None = Field(None, description="Isian yang bermasalah (bila ada).")
    code: str
    message: str
    members: list[str] | None = Field(
        None, description="Anggota yang bersangkutan (aturan tentang orang)."
    )


class ApiValidationError(Schema):
    errors: list[ApiProblem]


class ApiThrottled(Schema):
    code: str
    message: str
    retry_after_seconds: int = Field(description="Detik sampai boleh mencoba lagi.")
