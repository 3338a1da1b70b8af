"""Everything a person's account holds across the apps, for "Unduh semua data saya": the
registry's export (``registry.selectors.personal_data_export``) and each app's ``personal_data``
door (accounts, training, financing, cooperatives, catalog, the notifications of core), as one
JSON document and as titled sections for the PDF and the XLSX sheet."""

from __future__ import annotations

import datetime

from django.utils import timezone

from berdaya.accounts import personal_data as accounts_data
from berdaya.catalog import personal_data as catalog_data
from berdaya.cooperatives import personal_data as cooperatives_data
from berdaya.core import own_data as core_data
from berdaya.core.own_data import Part
from berdaya.financing import personal_data as financing_data
from berdaya.registry import selectors as registry
from berdaya.training import personal_data as training_data

NOTHING = "Tidak ada"


def parts(user, person) -> list[Part]:
    """Every app's parts, in reading order: the account first, notifications last."""
    return [
        *accounts_data.personal_data(user),
        *training_data.personal_data(person),
        *financing_data.personal_data(person),
        *cooperatives_data.personal_data(person, user),
        *catalog_data.personal_data(person),
        *core_data.personal_data(user),
    ]


def everything(user, person) -> tuple[dict, list[Part]]:
    """(the JSON document, the parts it was made of): the registry's fields at the top, as
    before, and one list per part (``account``, ``training_enrolments``, ``financing_loans``,
    ...), empty when the person has none."""
    data = registry.personal_data_export(person)
    found = parts(user, person)
    for part in found:
        data[part.key] = part.items
    return data, found


def _value(key: str, raw):
    """A part's value as a person reads it: ISO dates as dates, lists joined, numbers kept."""
    if raw is None or raw == "":
        return ""
    if isinstance(raw, list):
        return ", ".join(str(v) for v in raw) if raw else ""
    if isinstance(raw, str) and key.endswith("_at"):
        moment = datetime.datetime.fromisoformat(raw)
        return timezone.localtime(moment) if timezone.is_aware(moment) else moment
    if isinstance(raw, str) and (key.endswith(("_on", "_date")) or key.startswith("term_")):
        return datetime.date.fromisoformat(raw)
    return raw


def part_sections(found: list[Part]) -> list[dict]:
    """Each item of each part as a titled section of ``(key, label, value)`` rows; a part with no
    item still shows, saying so, so the reader sees what was looked for."""
    out: list[dict] = []
    for part in found:
        if not part.items:
            out.append({"title": part.title, "rows": [("", "Data", NOTHING)]})
            continue
        for n, item in enumerate(part.items, start=1):
            name = item.get(part.name_key) if part.name_key else ""
            number = f" {n}" if len(part.items) > 1 else ""
            title = f"{part.title}{number}" + (f": {name}" if name else "")
            rows = [(key, label, _value(key, item.get(key))) for key, label in part.fields]
            out.append({"title": title, "rows": rows})
    return out
