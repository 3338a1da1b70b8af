"""The cleaning layer for the API: pydantic types usable in django-ninja Schemas.

    class PersonIn(CleanSchema):
        nik: Nik
        full_name: CleanText(150)
        rw: BoundedInt(1, 999)
        capital_rupiah: Rupiah()

A value that fails gives ninja's 422 with the stable code as the error's ``code`` (for example
``nik_invalid``, ``text_too_long``, ``money_negative``). ``CleanSchema`` also refuses NUL, control
and broken characters (unpaired surrogates) in every string of the input, nested ones included,
so an input schema deriving from it never lets such a string reach the database.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from functools import cache, partial
from typing import Annotated, Any, Union, get_args, get_origin

from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import BeforeValidator, model_validator
from pydantic_core import PydanticCustomError

from berdaya.core.cleaning.numbers import INT_MAX, INT_MIN, MAX_RUPIAH, clean_int, clean_rupiah
from berdaya.core.cleaning.text import (
    CleanError,
    clean_nik,
    clean_phone_digits,
    clean_text,
    text_problem,
)


def _pydantic(func: Callable[..., Any]) -> Callable[[Any], Any]:
    def validate(value: Any) -> Any:
        try:
            return func(value)
        except CleanError as exc:
            raise PydanticCustomError(exc.code, exc.message.replace("{", "(").replace("}", ")"))

    return validate


def _text_only(func: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The document types these fields as strings: a number, true/false, a list or null sent
    for one is refused (``string_type``), not turned into text. An optional field is declared
    ``CleanText(...) | None``: its null is taken by the ``None`` branch."""

    def validate(value: Any) -> Any:
        if not isinstance(value, str):
            raise PydanticCustomError("string_type", "Isian harus berupa teks.")
        return func(value)

    return validate


def CleanText(max_length: int | None = None, *, multiline: bool = False, required: bool = False):  # noqa: N802
    """A string cleaned by ``clean_text`` (at most ``max_length`` characters)."""
    func = partial(clean_text, max_length=max_length, multiline=multiline, required=required)
    return Annotated[str, BeforeValidator(_text_only(_pydantic(func)))]


def BoundedInt(low: int = INT_MIN, high: int = INT_MAX, *, code: str = "number_invalid"):  # noqa: N802
    """A whole number within ``low``..``high`` (a column's range and the rule's)."""
    func = partial(clean_int, low=low, high=high, code=code, required=True)
    return Annotated[int, BeforeValidator(_pydantic(func))]


def Rupiah(min: int = 0, max: int = MAX_RUPIAH):  # noqa: A002,N802
    """Integer Rupiah within ``min``..``max``; negative amounts refused (``money_negative``)."""
    func = partial(clean_rupiah, low=min, high=max, required=True)
    return Annotated[int, BeforeValidator(_pydantic(func))]


# 16 ASCII digits (Arabic-Indic, fullwidth ... normalised; superscripts refused: nik_invalid).
Nik = Annotated[str, BeforeValidator(_text_only(_pydantic(clean_nik)))]
# ASCII digits with an optional leading "+" (phone_invalid otherwise).
PhoneDigits = Annotated[str, BeforeValidator(_text_only(_pydantic(clean_phone_digits)))]


def _refuse_broken_strings(value: Any, path: str = "") -> None:
    if isinstance(value, str):
        problem = text_problem(value)
        if problem is not None:
            raise PydanticCustomError(
                problem.code, f"{path or 'input'}: {problem.message}".replace("{", "(")
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_broken_strings(key, path)
            _refuse_broken_strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _refuse_broken_strings(item, f"{path}[{index}]")


# JSON values that are not an object: ninja's Schema would read them as an object without
# attributes (every field at its default), so a body ``[]`` or ``"x"`` would pass as ``{}``.
NOT_AN_OBJECT = (list, tuple, str, bytes, int, float, bool)


def _admits(annotation: Any, kinds: tuple[type, ...]) -> bool:
    """Whether a field typed ``annotation`` takes a value of one of ``kinds`` as pydantic reads
    it (a type with its own validator, such as ``BoundedInt``, refuses what it refuses itself)."""
    if annotation is Any or annotation in kinds:
        return True
    origin = get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        return any(_admits(arg, kinds) for arg in get_args(annotation))
    return False


class CleanSchema(Schema):
    """Base for input schemas: refuses a value that is not an object (a JSON array, string,
    number, true/false or null where an object is wanted: ``object_expected``), true/false in a
    number field that is not boolean (``boolean_not_allowed``: pydantic would read ``true`` as 1),
    and NUL, control and broken characters in any string."""

    @classmethod
    @cache
    def _not_boolean(cls) -> tuple[str, ...]:
        """The input names (alias or name) of the number fields that are not boolean: pydantic
        would read true there as 1 (a text field refuses it itself: ``string_type``)."""
        return tuple(
            field.alias or name
            for name, field in cls.model_fields.items()
            if not field.metadata  # BoundedInt, Rupiah...: their own validator refuses true
            and _admits(field.annotation, (int, float))
            and not _admits(field.annotation, (bool,))
        )

    @model_validator(mode="before")
    @classmethod
    def _clean_strings(cls, data: Any) -> Any:
        raw = data._obj if isinstance(data, DjangoGetter) else data
        if raw is None or isinstance(raw, NOT_AN_OBJECT):
            raise PydanticCustomError("object_expected", "Isian harus berupa objek JSON.")
        if isinstance(raw, dict):
            for key in cls._not_boolean():
                if isinstance(raw.get(key), bool):
                    raise PydanticCustomError(
                        "boolean_not_allowed", f"{key}: isian ini tidak boleh true/false."
                    )
            _refuse_broken_strings(raw)
        elif callable(getattr(raw, "items", None)):  # a QueryDict or another mapping
            _refuse_broken_strings(dict(raw.items()))
        return data
