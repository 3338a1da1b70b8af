"""The API's parser: the query string and form fields go through the cleaning layer's check
before any operation sees them. A NUL, control or broken character in a parameter is refused
with 422 (the same problem codes as in a JSON body: ``text_nul``, ``text_control_character``,
``text_invalid_character``), never passed on to a database that cannot store it (a 500 on
PostgreSQL). JSON bodies are checked by ``CleanSchema``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.errors import ValidationError
from ninja.parser import Parser

from berdaya.core.cleaning.text import text_problem


class CleanParser(Parser):
    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        where = "query" if data is request.GET else "form"
        errors = []
        for key in data.keys():
            for value in [key, *data.getlist(key)]:
                problem = text_problem(value) if isinstance(value, str) else None
                if problem is not None:
                    errors.append(
                        {"loc": (where, key), "type": problem.code, "msg": problem.message}
                    )
                    break
        if errors:
            raise ValidationError(errors)
        return super().parse_querydict(data, list_fields, request)
