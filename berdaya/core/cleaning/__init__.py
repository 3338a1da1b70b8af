"""One input-cleaning layer for text, digits and numbers, used by forms, the API and imports.

- ``text``: ``clean_text`` (no NUL/control/broken characters, within the column's length),
  ``to_ascii_digits``, ``clean_digits``, ``clean_nik``, ``clean_phone_digits``; ``CleanError``.
- ``numbers``: ``clean_int`` / ``clean_rupiah`` bounded by the column (``column_bounds``,
  ``INT_MAX``, ``BIGINT_MAX`` ...) and by the rule.
- ``cleaner``: ``Cleaner``, which cleans a whole submission and collects problems (RuleError).
- ``forms``: ``CleaningFormMixin``, ``CleanCharField``, ``NikField``, ``RupiahField``,
  ``BoundedIntegerField``.
- ``schemas``: for django-ninja, ``CleanSchema`` (base of input schemas), ``CleanText(n)``,
  ``Nik``, ``PhoneDigits``, ``Rupiah(min, max)``, ``BoundedInt(low, high)``.

Every refusal is a ``CleanError`` (a ValueError) with a stable code: a form error or a 422,
never a 500.
"""

from berdaya.core.cleaning.cleaner import Cleaner
from berdaya.core.cleaning.numbers import (
    BIGINT_MAX,
    BIGINT_MIN,
    INT_MAX,
    INT_MIN,
    MAX_RUPIAH,
    POSITIVE_BIGINT,
    POSITIVE_INT,
    POSITIVE_SMALLINT,
    SMALLINT_MAX,
    SMALLINT_MIN,
    clean_int,
    clean_rupiah,
    column_bounds,
)
from berdaya.core.cleaning.text import (
    CleanError,
    clean_digits,
    clean_nik,
    clean_phone_digits,
    clean_text,
    text_problem,
    to_ascii_digits,
)

__all__ = [
    "BIGINT_MAX",
    "BIGINT_MIN",
    "INT_MAX",
    "INT_MIN",
    "MAX_RUPIAH",
    "POSITIVE_BIGINT",
    "POSITIVE_INT",
    "POSITIVE_SMALLINT",
    "SMALLINT_MAX",
    "SMALLINT_MIN",
    "CleanError",
    "Cleaner",
    "clean_digits",
    "clean_int",
    "clean_nik",
    "clean_phone_digits",
    "clean_rupiah",
    "clean_text",
    "column_bounds",
    "text_problem",
    "to_ascii_digits",
]
