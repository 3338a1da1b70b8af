"""The groups in process in Beji RW 7, each taken through the real services: invitations accepted
on each member's account, recommendations with letters, DKUM review, bank decisions,
a disbursement with its first collection; among them "Kelompok Mawar", 10 neighbours of RT 3
awaiting the RT chair, plus a draft, a withdrawn, a rejected and a recently disbursed group."""

from __future__ import annotations

import contextlib
import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from berdaya.accounts.models import Role, User
from berdaya.accounts.phones import normalize_phone
from berdaya.core.errors import AccessDenied, ConflictError
from berdaya.core.personas import BEJI, DEMO_PASSWORD
from berdaya.financing import services
from berdaya.financing.demo._common import PURPOSES, verified_partner
from berdaya.financing.models import Application
from berdaya.financing.selectors import collection_sheet

MARKER = "Kelompok Mawar"
MAWAR_LEADER_PHONE = "081300005001"  # demo login: the leader of Kelompok Mawar
INVITEE_PHONE = "081300005002"  # demo login: invited to Kelompok Flamboyan, not yet answered


def _rt_chairs(rts) -> dict[int, User]:
    """RT chairs of Beji RW 7 (the personas cover RT 3 and RT 4; the demo adds the others)."""
    from django.contrib.auth.hashers import make_password

    from berdaya.accounts.services import role_assign

    chairs, password = {}, None
    for rt in rts:
        phone = normalize_phone(f"0812000011{rt:02d}")
        user = User.objects.filter(phone=phone).first()
        if user is None:
            password = password or make_password(DEMO_PASSWORD)  # hash once, not per user
            user = User.objects.create(
                phone=phone, full_name=f"Ketua RT {rt}/RW 7 Beji", password=password
            )
        role_assign(user=user, role=Role.KETUA_RT, kelurahan_code=BEJI, rw=7, rt=rt)
        chairs[rt] = user
    return chairs


def _form_group(rng, product, name, *, rt, size=10, area_rw_only=False, rts=None, phone=None):
    """A group formed through the services: every member accepts on their own account."""
    leader = verified_partner(rng, rt=rt, phone=phone)
    group = services.group_create(
        user=leader.user, product=product, name=name, kelurahan_code=BEJI, rw=7,
        rt=None if area_rw_only else rt, joint_liability=True,
    )  # fmt: skip
    members = [leader]
    for i in range(size - 1):
        person = verified_partner(rng, rt=(rts[i % len(rts)] if rts else rt))
        invitation = services.invitation_create(group=group, user=leader.user, nik=person.nik)
        services.invitation_answer(
            invitation=invitation, user=person.user, accept=True, joint_liability=True
        )
        members.append(person)
    return group, members


def _apply(rng, group, members, *, term=None):
    return services.application_create(
        user=members[0].user,
        group=group,
        term_months=term or rng.choice([6, 12]),
        members=[
            {
                "nik": p.nik,
                "amount_rupiah": rng.choice([2, 3, 3, 4, 5, 5]) * 1_000_000,
                "purpose": rng.choice(PURPOSES),
            }
            for p in members
        ],
    )


def _recommend(application, officials, levels):
    """Every official of each level recommends the members in their scope (others have none)."""
    for level in levels:
        for official in officials[level]:
            with contextlib.suppress(AccessDenied, ConflictError):
                services.recommendation_give(
                    application=application, official=official, level=level, approve=True,
                    note="Warga kami, usahanya berjalan.",
                )  # fmt: skip


def seed_in_process(rng, product, p) -> int:
    """About a dozen groups in process, one per state, plus draft/withdrawn/rejected/disbursed."""
    chairs = _rt_chairs([1, 2, 5, 6])
    chairs[3], chairs[4] = p.rt_chair, p.other_rt_chair
    officials = {
        "rt": list(chairs.values()),
        "rw": [p.rw_chair],
        "kelurahan": [p.kelurahan_officer],
    }
    bank, staff = p.bank_officer, p.staff
    today = timezone.localdate()

    def submitted(name, rt, **kw):
        group, members = _form_group(rng, product, name, rt=rt, **kw)
        application = _apply(rng, group, members)
        services.application_submit(application=application, user=members[0].user)
        return application, members

    # Awaiting the RT chair: the group of 10 neighbours in RT 3 the demo revolves around.
    submitted(MARKER, 3, phone=MAWAR_LEADER_PHONE)
    # Awaiting RT 4 after RT 3 recommended its own members (a group of RW 7).
    application, _ = submitted("Kelompok Kenanga", 3, area_rw_only=True, rts=[3, 4])
    services.recommendation_give(
        application=application, official=p.rt_chair, level="rt", approve=True
    )
    application, _ = submitted("Kelompok Melati", 1)
    _recommend(application, officials, ["rt"])  # awaiting the RW chair
    application, _ = submitted("Kelompok Dahlia", 2)
    _recommend(application, officials, ["rt", "rw"])  # awaiting the kelurahan
    for name, rt in (("Kelompok Anggrek", 5), ("Kelompok Teratai", 6), ("Kelompok Cempaka", 1)):
        application, _ = submitted(name, rt)
        _recommend(application, officials, ["rt", "rw", "kelurahan"])  # awaiting DKUM
    forwarded = []
    for name, rt in (
        ("Kelompok Sakura", 2),
        ("Kelompok Tulip", 5),
        ("Kelompok Seruni", 6),
        ("Kelompok Lili", 4),
        ("Kelompok Kemuning", 1),
        ("Kelompok Asoka", 3),
    ):
        application, members = submitted(name, rt)
        _recommend(application, officials, ["rt", "rw", "kelurahan"])
        services.application_review(
            application=application, staff=staff, decision="forward", note="Berkas lengkap."
        )
        forwarded.append((application, members))
    # Sakura and Tulip wait for the bank; Seruni approved; Lili partly; Kemuning rejected;
    # Asoka disbursed a month ago with its first collection recorded.
    (seruni, s_members), (lili, l_members), (kemuning, k_members), (asoka, a_members) = forwarded[
        2:
    ]
    services.application_decide(
        application=seruni, officer=bank,
        decisions=[{"nik": m.nik, "approve": True} for m in s_members],
    )  # fmt: skip
    services.application_decide(
        application=lili, officer=bank,
        decisions=[{"nik": m.nik, "approve": True} for m in l_members[:-2]]
        + [{"nik": m.nik, "approve": False, "reason": "Riwayat kredit bermasalah (SLIK)."}
           for m in l_members[-2:]],
    )  # fmt: skip
    services.application_decide(
        application=kemuning, officer=bank,
        decisions=[{"nik": m.nik, "approve": False, "reason": "Usaha belum berjalan 6 bulan."}
                   for m in k_members],
    )  # fmt: skip
    services.application_decide(
        application=asoka, officer=bank,
        decisions=[{"nik": m.nik, "approve": True} for m in a_members],
    )  # fmt: skip
    services.application_disburse(
        application=asoka, officer=bank, disbursed_on=today - relativedelta(months=1, days=3)
    )
    asoka.refresh_from_db()
    sheet = collection_sheet(asoka, today)
    services.collection_record(
        application=asoka, officer=bank, paid_on=today - datetime.timedelta(days=2),
        payments={row["loan"].pk: row["owed_rupiah"] for row in sheet[:-1]},
    )  # fmt: skip
    # Needs revision: the RW chair refused.
    application, _ = submitted("Kelompok Kamboja", 2)
    _recommend(application, officials, ["rt"])
    services.recommendation_give(
        application=application, official=p.rw_chair, level="rw", approve=False,
        note="Dua anggota sudah pindah ke RW 8; ganti anggotanya.",
    )  # fmt: skip
    # Still forming (draft with pending invitations) and a withdrawn one.
    group, members = _form_group(rng, product, "Kelompok Flamboyan", rt=5, size=7)
    for n in range(3):
        person = verified_partner(rng, rt=5, phone=INVITEE_PHONE if n == 0 else None)
        services.invitation_create(group=group, user=members[0].user, nik=person.nik)
    _apply(rng, group, members)
    application, members = submitted("Kelompok Bougenville", 6)
    services.application_withdraw(
        application=application, user=members[0].user, note="Anggota sepakat menunda."
    )
    return Application.objects.filter(group__kelurahan_id=BEJI).count()
