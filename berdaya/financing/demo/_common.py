"""What the demo's steps share: the loan purposes and the verified partners they are made of
(the registry's demo makes them)."""

from __future__ import annotations

from berdaya.core.personas import BEJI
from berdaya.registry.demo import make_verified_partner

PURPOSES = [
    "Tambah stok warung", "Beli etalase", "Modal kue basah", "Gerobak baru", "Bahan jahitan",
    "Peralatan katering", "Stok pulsa dan token", "Bahan keripik",
]  # fmt: skip


def verified_partner(
    rng, *, kelurahan_code=BEJI, rw=7, rt=3, with_user=True, verified_on=None, phone=None
):
    return make_verified_partner(
        rng, kelurahan_code=kelurahan_code, rw=rw, rt=rt, with_user=with_user,
        verified_on=verified_on, **({"phone": phone} if phone else {}),
    )  # fmt: skip
