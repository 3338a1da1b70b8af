"""The vocabulary of the route policies: a policy (``Policy``, made by ``page`` and ``op``), a
literal argument (``Lit``) and the persona groups the app modules declare their routes with."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from tests.world import PERSONAS


@dataclass(frozen=True)
class Lit:
    value: object


@dataclass(frozen=True)
class Policy:
    allow: frozenset
    args: dict = field(default_factory=dict)
    post: bool = False
    form: bool = False
    query: str = ""
    data: object = None
    marker: str | None = None
    seen_by: frozenset | None = None
    either: frozenset = frozenset()
    multipart: bool = False
    rule_refusal: bool = False
    bugs: dict = field(default_factory=dict)


def page(allow, **kw) -> Policy:
    return Policy(allow=frozenset(allow), **_sets(kw))


def op(allow, **kw) -> Policy:
    return Policy(allow=frozenset(allow), **_sets(kw))


def _sets(kw: dict) -> dict:
    for key in ("seen_by", "either"):
        if key in kw and kw[key] is not None:
            kw[key] = frozenset(kw[key])
    return kw


# --- persona groups ---------------------------------------------------------------------------
EVERYONE = frozenset(PERSONAS)
LOGGED_IN = EVERYONE - {"anon"}
OWNER = frozenset({"partner"})
PARTNERS_WITH_DATA = frozenset({"partner", "partner_far"})
# The officials of the owner's address (Beji RT 3 / RW 7).
OWNER_AREA = frozenset({"rt_chair", "rw_chair", "kelurahan_officer"})
TERRITORY = frozenset(
    {
        "rt_chair",
        "other_rt_chair",
        "far_rt_chair",
        "rw_chair",
        "other_rw_chair",
        "kelurahan_officer",
        "other_kelurahan_officer",
    }
)
STAFF = frozenset({"staff", "admin"})  # city-wide DKUM staff
ALL_STAFF = STAFF | {"other_kecamatan_staff"}
DASH = STAFF | {"head"}  # city-wide readers of dashboards and the owner's records
ALL_DASH = DASH | {"other_kecamatan_staff"}
LENDER = frozenset({"bank_officer"})  # Bank BJB lends Kredit Mesra
ADMIN = frozenset({"admin"})

# A cooperative of Beji RT 3 / RW 7: its board, the city's readers and Beji's kelurahan officer
# read it; its board and the city's DKUM staff keep it.
COOP_READERS = frozenset({"coop_board", "kelurahan_officer"}) | DASH
COOP_MANAGERS = frozenset({"coop_board"}) | STAFF

KECAMATAN_SCOPE = "a staf_dkum scoped to another kecamatan reaches Beji's {} (issue 8, class 4)"


def scope_bug(what: str) -> dict:
    return {"other_kecamatan_staff": KECAMATAN_SCOPE.format(what)}


TODAY = datetime.date.today().isoformat()
