"""Demo data of this app, called by ``manage.py seed_demo`` after registry and training.
Idempotent: a second run finds the marker group and changes nothing.

- About a dozen Kredit Mesra groups in process in Beji RW 7, each taken through the real services
  (invitations accepted on each member's account, recommendations with letters, DKUM review,
  bank decisions), among them "Kelompok Mawar", 10 neighbours of RT 3 awaiting the RT chair;
  plus a draft, a withdrawn, a rejected and a recently disbursed group.
- Loans disbursed from January 2022 to a few months ago across Depok, written in bulk as history
  (loans, schedules, repayments; most repaid and closed, some in arrears).
- A BAZNAS application of a person holding a DKUM training certificate.
"""

from __future__ import annotations

import random

from django.db import transaction

from berdaya.accounts.personas import create_personas
from berdaya.core.personas import DEMO_PASSWORD
from berdaya.financing.demo.baznas import seed_baznas
from berdaya.financing.demo.groups import (
    INVITEE_PHONE,
    MARKER,
    MAWAR_LEADER_PHONE,
    seed_in_process,
)
from berdaya.financing.demo.history import seed_history
from berdaya.financing.models import Group, Product
from berdaya.financing.selectors import in_process_count


def seed(*, stdout, rng: random.Random) -> None:
    if Group.objects.filter(name=MARKER).exists():
        stdout.write("financing: demo data already present")
        return
    product = Product.objects.get(code="kredit-mesra")
    p = create_personas()
    with transaction.atomic():
        in_process = seed_in_process(rng, product, p)
        loans = seed_history(rng, product, p)
        seed_baznas(rng, p, stdout)

    stdout.write(
        f"financing: {in_process} groups in Beji ({in_process_count()} in process), "
        f"{loans} historical loans since 2022\n"
        f"  ketua Kelompok Mawar (menunggu Ketua RT 3): {MAWAR_LEADER_PHONE} / {DEMO_PASSWORD}\n"
        f"  diundang ke Kelompok Flamboyan: {INVITEE_PHONE} / {DEMO_PASSWORD}"
    )


__all__ = ["INVITEE_PHONE", "MARKER", "MAWAR_LEADER_PHONE", "seed"]
