"""Demo data of this app, called by ``manage.py seed_demo``. Must be idempotent.

A few hundred realistic businesses across Depok's kelurahan in every status, registered from
January 2022 to today (about 40 % owned by women, most of them new entrepreneurs), one login per
status, and at least 15 verified partners with accounts in Beji RW 7 RT 3 (the RT chair's RT).
"""

from __future__ import annotations

from berdaya.registry.demo.bulk import (
    DEMO_BUSINESSES,
    _bulk_events,
    _print_logins,
    _random_day,
    _seed_bulk,
    _seed_reports,
    seed,
)
from berdaya.registry.demo.partners import (
    BEJI_RT3_PARTNERS,
    STATUS_LOGINS,
    TRADES,
    Status,
    _aware,
    _business_values,
    _demo_password_hash,
    _faker,
    _free_phone,
    _kbli_map,
    make_nik,
    make_verified_partner,
)

__all__ = [
    "BEJI_RT3_PARTNERS",
    "DEMO_BUSINESSES",
    "STATUS_LOGINS",
    "Status",
    "TRADES",
    "_aware",
    "_bulk_events",
    "_business_values",
    "_demo_password_hash",
    "_faker",
    "_free_phone",
    "_kbli_map",
    "_print_logins",
    "_random_day",
    "_seed_bulk",
    "_seed_reports",
    "make_nik",
    "make_verified_partner",
    "seed",
]
