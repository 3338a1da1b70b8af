"""The rows a bulk import writes: the registry's written fields, a checked sheet row ready to
write (``LegacyRow``, made in the import's check thread), and how a row compares with what is
stored."""

from __future__ import annotations

import datetime
import pickle  # noqa: S403 (rows between the import's own processes)
from dataclasses import dataclass, field
from functools import lru_cache

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

from berdaya.registry import rules
from berdaya.registry.bulk.sql import copy_line
from berdaya.registry.models import KbliCode

PERSON_FIELDS = (
    "full_name", "gender", "birth_date", "phone", "email", "kelurahan_id", "rw", "rt",
    "street_address",
)  # fmt: skip
BUSINESS_FIELDS = (
    "name", "kbli_id", "kbli_version", "kbli_section", "started_on", "nib", "npwp",
    "capital_rupiah", "annual_sales_rupiah", "workers_women", "workers_men", "size_class",
    "size_rule",
)  # fmt: skip
SHEET_BUSINESS_FIELDS = BUSINESS_FIELDS[:-2]  # the size class and rule come from the amounts
assert BUSINESS_FIELDS[-2:] == ("size_class", "size_rule")
# Fields an update leaves alone when the sheet has nothing for them.
KEEP_WHEN_EMPTY = {"email", "street_address", "nib", "npwp"}


def kbli_index() -> dict[str, tuple[int, str, str]]:
    """``{code: (id, version, kategori)}`` of the KBLI 2020 kelompok (5-digit) codes."""
    return {
        code: (pk, version, section)
        for pk, code, version, section in KbliCode.objects.filter(
            version="2020", level="kelompok"
        ).values_list("pk", "code", "version", "section")
    }


# The columns of a new person's and business's COPY text (``LegacyRow``), in order.
PERSON_COPY = ("nik", *PERSON_FIELDS)
BUSINESS_COPY = (
    *BUSINESS_FIELDS, "legal_form", "marketing_channels", "kelurahan_id", "rw", "rt",
    "street_address",
)  # fmt: skip


class LegacyRow:
    """One checked sheet row, ready to write. ``legacy_row`` makes it (in the import's checks,
    away from the batch's transaction), with the work per row done: the size class, the
    new-entrepreneur flag and, for PostgreSQL, the person's and business's ``COPY`` text.

    When the checks run in a process of their own, the rows reach the writer pickled a batch
    at a time (``LegacyBatch``); the ``person`` and ``business`` fields of the whole batch then
    travel as one bytes value, unpickled only if the writer reads them (a known NIK to compare,
    SQLite), so a batch of new rows costs the writer little more than its COPY text."""

    __slots__ = ("row_number", "nik", "registered_on", "size", "is_new", "person_line",
                 "business_line", "_fields", "_packed")  # fmt: skip

    def __init__(
        self, row_number: int, person: dict, business: dict, registered_on: datetime.date,
        size: tuple[str, str] = ("", ""), is_new: bool = False,
    ) -> None:  # fmt: skip
        self.row_number = row_number
        self.nik: str = person["nik"]
        self.registered_on = registered_on
        self.size = size  # size_class, size_rule
        self.is_new = is_new  # a new entrepreneur when registered (rules.is_new_entrepreneur)
        self.person_line = ""  # PERSON_COPY as COPY text (PostgreSQL)
        self.business_line = ""  # BUSINESS_COPY as COPY text (PostgreSQL)
        self._fields: tuple[dict, dict] | None = (person, business)
        self._packed: tuple[_PackedFields, int] | None = None

    @property
    def person(self) -> dict:  # nik + PERSON_FIELDS
        return self._unpacked()[0]

    @property
    def business(self) -> dict:  # BUSINESS_FIELDS without the size class
        return self._unpacked()[1]

    def _unpacked(self) -> tuple[dict, dict]:
        if self._fields is None:
            assert self._packed is not None
            packed, index = self._packed
            self._fields, self._packed = packed.get(index), None
        return self._fields

    def __reduce__(self):
        return _first, (LegacyBatch([self]),)


class LegacyBatch(list):
    """A batch of ``LegacyRow``, pickled as columns: one list per light field, and the rows'
    person and business fields as one bytes value (``_PackedFields``)."""

    def __reduce__(self):
        fields = pickle.dumps([r._unpacked() for r in self], protocol=pickle.HIGHEST_PROTOCOL)
        return _batch, (
            [r.row_number for r in self], [r.nik for r in self],
            [r.registered_on.toordinal() for r in self], [r.size for r in self],
            [r.is_new for r in self], [r.person_line for r in self],
            [r.business_line for r in self], fields,
        )  # fmt: skip


class _PackedFields:
    """The person and business fields of a pickled batch, unpickled whole the first time a
    row of the batch reads them."""

    __slots__ = ("data", "fields")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.fields: list | None = None

    def get(self, index: int) -> tuple[dict, dict]:
        if self.fields is None:
            self.fields = pickle.loads(self.data)  # noqa: S301 (our own checks' process)
            self.data = b""
        return self.fields[index]


def _batch(numbers, niks, registered, sizes, is_new, person_lines, business_lines, fields):
    packed = _PackedFields(fields)
    out = LegacyBatch()
    day = datetime.date.fromordinal
    new = LegacyRow.__new__
    for index, values in enumerate(
        zip(numbers, niks, registered, sizes, is_new, person_lines, business_lines, strict=True)
    ):
        row = new(LegacyRow)
        (row.row_number, row.nik, registered_on, row.size, row.is_new, row.person_line,
         row.business_line) = values  # fmt: skip
        row.registered_on = day(registered_on)
        row._fields, row._packed = None, (packed, index)
        out.append(row)
    return out


def _first(batch: LegacyBatch) -> LegacyRow:
    return batch[0]


def legacy_row(
    number: int, person: dict, business: dict, registered_on: datetime.date, *, lines: bool
) -> LegacyRow:
    """A ``LegacyRow`` with what it needs worked out; ``lines``: with its COPY text too (else
    ``with_lines`` makes it when the row turns out to be new)."""
    size = _size(business["capital_rupiah"], business["annual_sales_rupiah"])
    row = LegacyRow(
        number, person, business, registered_on, size,
        business["started_on"] >= new_entrepreneur_since(registered_on),
    )  # fmt: skip
    if lines:
        _fill_lines(row, person, business)
    return row


def with_lines(row: LegacyRow) -> LegacyRow:
    """``row`` with its COPY text, made now if the checks left it out (PostgreSQL)."""
    if not row.person_line:
        _fill_lines(row, row.person, row.business)
    return row


def _fill_lines(row: LegacyRow, person: dict, business: dict) -> None:
    row.person_line = copy_line([person[f] for f in PERSON_COPY])
    values = [business[f] for f in SHEET_BUSINESS_FIELDS]
    values += row.size
    values += _BUSINESS_CONSTANTS
    values += [person["kelurahan_id"], person["rw"], person["rt"], person["street_address"]]
    row.business_line = copy_line(values)


# A new business's legal form and marketing channels, between its size and its address.
_BUSINESS_CONSTANTS: tuple[str, list] = ("perorangan", [])
assert BUSINESS_COPY[len(SHEET_BUSINESS_FIELDS) + 2 : -4] == ("legal_form", "marketing_channels")


@dataclass
class Outcome:
    row_number: int
    nik: str
    action: str  # created | updated | unchanged
    person_id: int | None = None
    business_id: int | None = None
    registration_id: int | None = None
    before: dict = field(default_factory=dict)


def plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def noon_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


@lru_cache(maxsize=65536)
def _size(capital: int, sales: int) -> tuple[str, str]:
    """``rules.classify_size``, once per pair of amounts (a sheet repeats them)."""
    return rules.classify_size(capital_rupiah=capital, annual_sales_rupiah=sales)


@lru_cache(maxsize=65536)
def new_entrepreneur_since(registered_on: datetime.date) -> datetime.date:
    """The earliest start of a business that makes its new owner a new entrepreneur when
    registered on ``registered_on``: ``rules.is_new_entrepreneur`` for a person without
    certificates (a new person); worked out once per registration day (a test checks they
    agree)."""
    return registered_on - relativedelta(months=settings.BERDAYA_NEW_ENTREPRENEUR_MONTHS)


def changes_of(current: dict, wanted: dict, names) -> dict:
    """The fields of ``wanted`` that differ from ``current`` (None, and "" for the fields in
    KEEP_WHEN_EMPTY, mean "nothing in the sheet": never a change)."""
    return {
        name: value
        for name in names
        if (value := wanted.get(name)) is not None
        and current.get(name) != value
        and not (value == "" and name in KEEP_WHEN_EMPTY)
    }


def business_changes(current: dict, business: dict) -> dict:
    """``changes_of`` of a sheet's business (without its size class) against ``current``, the
    size class and rule worked out from the amounts (no copy of the row's dict)."""
    out = changes_of(current, business, BUSINESS_FIELDS)
    size_class, size_rule = _size(business["capital_rupiah"], business["annual_sales_rupiah"])
    if current.get("size_class") != size_class:
        out["size_class"] = size_class
    if current.get("size_rule") != size_rule:
        out["size_rule"] = size_rule
    return out
