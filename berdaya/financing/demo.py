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

import contextlib
import datetime
import random

from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from berdaya.accounts.models import Role, User
from berdaya.accounts.phones import normalize_phone
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.models import Event
from berdaya.core.personas import BEJI, DEMO_PASSWORD, create_personas
from berdaya.financing import services
from berdaya.financing.models import (
    Application,
    ApplicationMember,
    Decision,
    Group,
    GroupMember,
    Instalment,
    Loan,
    LoanStatus,
    Product,
    Repayment,
    Status,
)
from berdaya.financing.schedule import build_schedule
from berdaya.regions.models import Kelurahan

MARKER = "Kelompok Mawar"
HISTORY_GROUPS = 24
FLOWERS = [
    "Melati", "Kenanga", "Dahlia", "Anggrek", "Teratai", "Cempaka", "Sakura", "Tulip", "Seruni",
    "Lili", "Kamboja", "Flamboyan", "Bougenville", "Kemuning", "Asoka",
]  # fmt: skip
HISTORY_NAMES = [
    "Sejahtera", "Maju Bersama", "Berkah", "Mandiri", "Harapan", "Sumber Rezeki", "Karya Ibu",
    "Bina Usaha", "Makmur", "Guyub", "Rukun", "Gotong Royong", "Cahaya", "Srikandi", "Amanah",
]  # fmt: skip
PURPOSES = [
    "Tambah stok warung", "Beli etalase", "Modal kue basah", "Gerobak baru", "Bahan jahitan",
    "Peralatan katering", "Stok pulsa dan token", "Bahan keripik",
]  # fmt: skip


MAWAR_LEADER_PHONE = "081300005001"  # demo login: the leader of Kelompok Mawar
INVITEE_PHONE = "081300005002"  # demo login: invited to Kelompok Flamboyan, not yet answered


def _partner(rng, *, kelurahan_code=BEJI, rw=7, rt=3, with_user=True, verified_on=None, phone=None):
    try:
        from berdaya.registry.demo import make_verified_partner
    except ImportError:  # pragma: no cover - the registry's demo provides it
        raise RuntimeError("financing demo needs berdaya.registry.demo.make_verified_partner")
    return make_verified_partner(
        rng, kelurahan_code=kelurahan_code, rw=rw, rt=rt, with_user=with_user,
        verified_on=verified_on, **({"phone": phone} if phone else {}),
    )  # fmt: skip


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
    leader = _partner(rng, rt=rt, phone=phone)
    group = services.group_create(
        user=leader.user, product=product, name=name, kelurahan_code=BEJI, rw=7,
        rt=None if area_rw_only else rt,
    )  # fmt: skip
    members = [leader]
    for i in range(size - 1):
        person = _partner(rng, rt=(rts[i % len(rts)] if rts else rt))
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


def _seed_in_process(rng, product, p) -> int:
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
    from berdaya.financing.selectors import collection_sheet

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
        person = _partner(rng, rt=5, phone=INVITEE_PHONE if n == 0 else None)
        services.invitation_create(group=group, user=members[0].user, nik=person.nik)
    _apply(rng, group, members)
    application, members = submitted("Kelompok Bougenville", 6)
    services.application_withdraw(
        application=application, user=members[0].user, note="Anggota sepakat menunda."
    )
    return Application.objects.filter(group__kelurahan_id=BEJI).count()


def _seed_history(rng, product, p) -> int:
    """Groups financed from January 2022 to a few months ago, written in bulk as history."""
    today = timezone.localdate()
    kelurahan = list(Kelurahan.objects.filter(code__startswith="32.76.").order_by("code"))
    start = datetime.date(2022, 1, 10)
    span = (today - relativedelta(months=2) - start).days
    ct = ContentType.objects.get_for_model(Application)
    events: list[tuple[Event, datetime.datetime | None]] = []
    loans_made = 0
    for n in range(HISTORY_GROUPS):
        kel = kelurahan[(n * 7) % len(kelurahan)]
        disbursed_on = start + datetime.timedelta(days=span * n // HISTORY_GROUPS)
        rw = rng.randint(1, 12)
        term = rng.choice([6, 12, 12])
        fee = product.fee_percent(term)
        people_ = [
            _partner(
                rng, kelurahan_code=kel.code, rw=rw, rt=rng.randint(1, 8), with_user=(i == 0),
                verified_on=disbursed_on - datetime.timedelta(days=60),
            )
            for i in range(10)
        ]  # fmt: skip
        group = Group.objects.create(
            product=product, name=f"KUB {HISTORY_NAMES[n % len(HISTORY_NAMES)]} {kel.name}",
            leader=people_[0], kelurahan=kel, rw=rw,
        )  # fmt: skip
        signed = timezone.make_aware(datetime.datetime.combine(disbursed_on, datetime.time(9)))
        GroupMember.objects.bulk_create(
            GroupMember(group=group, person=person, is_leader=i == 0,
                        joint_liability_signed_at=signed - datetime.timedelta(days=40))
            for i, person in enumerate(people_)
        )  # fmt: skip
        schedule_end = disbursed_on + relativedelta(months=term)
        finished = schedule_end <= today
        arrears = rng.random() < 0.2  # a fifth of the groups fall behind
        application = Application.objects.create(
            product=product, group=group, applicant=people_[0], kelurahan=kel,
            term_months=term, admin_fee_percent=fee, status=Status.DISBURSED,
            submitted_at=signed - datetime.timedelta(days=30),
            forwarded_at=signed - datetime.timedelta(days=14),
            decided_at=signed - datetime.timedelta(days=7), disbursed_on=disbursed_on,
        )  # fmt: skip
        all_closed = True
        for person in people_:
            amount = rng.choice([2, 3, 4, 5, 5]) * 1_000_000
            member = ApplicationMember.objects.create(
                application=application, person=person, amount_rupiah=amount,
                purpose=rng.choice(PURPOSES), decision=Decision.APPROVED,
                approved_amount_rupiah=amount,
            )  # fmt: skip
            schedule = build_schedule(
                product=product, amount_rupiah=amount, term_months=term, fee_percent=fee,
                start=disbursed_on,
            )  # fmt: skip
            behind = arrears and rng.random() < 0.5
            due_paid = [
                (due, amt) for due, amt in schedule.instalments
                if due <= today and not (behind and due > disbursed_on + relativedelta(months=2))
            ]  # fmt: skip
            paid = sum(amt for _, amt in due_paid)
            closed = paid == schedule.total_rupiah
            all_closed &= closed
            loan = Loan.objects.create(
                application=application, member=member, person=person, kelurahan=person.kelurahan,
                principal_rupiah=amount, admin_fee_rupiah=schedule.admin_fee_rupiah,
                total_rupiah=schedule.total_rupiah, paid_rupiah=paid, term_months=term,
                disbursed_on=disbursed_on,
                status=LoanStatus.CLOSED if closed else LoanStatus.ACTIVE,
                closed_on=due_paid[-1][0] if closed else None,
            )  # fmt: skip
            paid_dates = {due for due, _ in due_paid}
            Instalment.objects.bulk_create(
                Instalment(loan=loan, number=i, due_date=due, amount_rupiah=amt,
                           paid_rupiah=amt if due in paid_dates else 0,
                           paid_on=due if due in paid_dates else None)
                for i, (due, amt) in enumerate(schedule.instalments, start=1)
            )  # fmt: skip
            Repayment.objects.bulk_create(
                Repayment(loan=loan, paid_on=due, amount_rupiah=amt, recorded_by=p.bank_officer)
                for due, amt in due_paid
            )  # fmt: skip
            loans_made += 1
        steps = [
            ("submitted", Status.DRAFT, Status.AWAITING_RECOMMENDATION, application.submitted_at),
            ("forwarded", Status.AWAITING_VERIFICATION, Status.FORWARDED, application.forwarded_at),
            ("decided", Status.FORWARDED, Status.APPROVED, application.decided_at),
            ("disbursed", Status.APPROVED, Status.DISBURSED, signed),
        ]  # fmt: skip
        if finished and all_closed:
            application.status = Status.CLOSED
            application.closed_on = schedule_end
            application.save(update_fields=["status", "closed_on"])
            closed_at = timezone.make_aware(
                datetime.datetime.combine(schedule_end, datetime.time(15))
            )
            steps.append(("closed", Status.DISBURSED, Status.CLOSED, closed_at))
        events.extend(
            (Event(content_type=ct, object_id=str(application.pk), verb=verb,
                   from_status=a, to_status=b), at)
            for verb, a, b, at in steps
        )  # fmt: skip
    created = Event.objects.bulk_create([e for e, _ in events])
    for event, (_, at) in zip(created, events, strict=True):
        Event.objects.filter(pk=event.pk).update(created_at=at)
    return loans_made


def _seed_baznas(rng, p, stdout) -> None:
    """A BAZNAS application of a person holding a DKUM training certificate."""
    try:
        from berdaya.training.selectors import valid_certificates
    except ImportError:  # pragma: no cover
        return
    baznas = Product.objects.get(code="baznas-modal-usaha")
    certificate = (
        valid_certificates()
        .filter(person__user__isnull=False, person__registrations__status="verified")
        .exclude(person__financing_requests__isnull=False)
        .select_related("person__user")
        .order_by("-person__kelurahan_id")
        .first()
    )
    if certificate is None:
        stdout.write("financing: no certified person for the BAZNAS demo application")
        return
    person = certificate.person
    months = baznas.terms.values_list("months", flat=True).first() or 10
    application = services.application_create(
        user=person.user, product=baznas, term_months=months,
        members=[{"nik": person.nik, "amount_rupiah": 2_000_000,
                  "purpose": "Peralatan usaha setelah pelatihan DKUM"}],
    )  # fmt: skip
    try:
        services.application_submit(application=application, user=person.user)
    except RuleError as exc:
        stdout.write(f"financing: BAZNAS demo application stays a draft ({exc})")


def seed(*, stdout, rng: random.Random) -> None:
    if Group.objects.filter(name=MARKER).exists():
        stdout.write("financing: demo data already present")
        return
    product = Product.objects.get(code="kredit-mesra")
    p = create_personas()
    with transaction.atomic():
        in_process = _seed_in_process(rng, product, p)
        loans = _seed_history(rng, product, p)
        _seed_baznas(rng, p, stdout)
    from berdaya.financing.selectors import in_process_count

    stdout.write(
        f"financing: {in_process} groups in Beji ({in_process_count()} in process), "
        f"{loans} historical loans since 2022\n"
        f"  ketua Kelompok Mawar (menunggu Ketua RT 3): {MAWAR_LEADER_PHONE} / {DEMO_PASSWORD}\n"
        f"  diundang ke Kelompok Flamboyan: {INVITEE_PHONE} / {DEMO_PASSWORD}"
    )
