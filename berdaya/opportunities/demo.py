"""Demo data of the opportunities app (idempotent): a dozen opportunities in every status.

Open ones (some fit the verified demo login 0813 0000 0003, some do not, with reasons), drafts,
one not open yet, one closed by staff and one past its deadline with applicants waiting for
selection, one whose participants were selected, and one cancelled. Applications of partners
with a login go through the services; the bulk of past applicants (demo businesses without a
login) are written directly, as history.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from berdaya.accounts.models import User
from berdaya.accounts.phones import normalize_phone
from berdaya.core.errors import ConflictError, RuleError
from berdaya.core.personas import BEJI_KECAMATAN, PERSONAS
from berdaya.opportunities import rules, services
from berdaya.opportunities.models import (
    ApplicationStatus,
    Opportunity,
    OpportunityApplication,
    OpportunityStatus,
)

PANCORAN_MAS = "32.76.01"
MARKER = "Slot Bazar Kuliner Ramadan"
DEMO_PARTNER_PHONE = "081300000003"  # the registry's verified demo login


def _staff() -> User | None:
    phone = next(p.phone for p in PERSONAS if p.key == "staff")
    return User.objects.filter(phone=normalize_phone(phone)).first()


def _plan(today):
    d = lambda n: today + timedelta(days=n)  # noqa: E731
    food = {"kbli_sections": ["C", "I"]}
    return [
        # (status, fields)
        ("published", dict(kind="business", title=MARKER, provider="Dinas KUMKM Kota Depok",
            description="Stan gratis di Bazar Ramadan Alun-alun Depok untuk perempuan pengusaha "
            "olahan pangan dari Kecamatan Beji dan Pancoran Mas.", quota=20, first_come=False,
            opens_on=d(-3), deadline=d(12), women_only=True, size_classes=["mikro"],
            kecamatan_codes=[BEJI_KECAMATAN, PANCORAN_MAS], **food)),
        ("published", dict(kind="capital", title="Modal Kredit Mesra Bank BJB",
            provider="Bank BJB Cabang Depok", description="Pinjaman kelompok tanpa agunan sampai "
            "Rp5.000.000 per orang. Daftar lalu bentuk kelompok 10 orang.", quota=None,
            opens_on=d(-10), deadline=d(30), financing_product="kredit-mesra")),
        ("published", dict(kind="capital", title="Modal Usaha BAZNAS untuk Wirausaha Baru",
            provider="BAZNAS Kota Depok", description="Bantuan modal bagi pengusaha baru lulusan "
            "pelatihan DKUM.", quota=50, opens_on=d(-5), deadline=d(20),
            new_entrepreneurs_only=True, training_required=True,
            financing_product="baznas-modal-usaha")),
        ("published", dict(kind="business", title="Stan Pameran Dekranasda Jawa Barat",
            provider="Dekranasda Kota Depok", description="Siapa cepat dia dapat: 15 stan.",
            quota=15, first_come=True, opens_on=d(-2), deadline=d(9))),
        ("published", dict(kind="business", title="Kurasi Produk untuk Ritel Modern",
            provider="Dinas KUMKM bersama jaringan minimarket", quota=30, opens_on=d(-1),
            deadline=d(21), size_classes=["mikro", "kecil"], kbli_sections=["C", "G"])),
        ("published", dict(kind="business", title="Program Pendampingan Ekspor",
            provider="Kementerian Perdagangan", quota=10, opens_on=d(7), deadline=d(40),
            size_classes=["kecil", "menengah"])),
        ("draft", dict(kind="business", title="Tender Katering Rapat Pemkot 2027",
            provider="Bagian Umum Setda Kota Depok", quota=5, opens_on=d(14), deadline=d(28),
            kbli_sections=["I"])),
        ("draft", dict(kind="capital", title="Hibah Peralatan Produksi", provider="Dinas KUMKM",
            quota=25, opens_on=d(20), deadline=d(45), training_required=True)),
        ("closed", dict(kind="business", title="Pasar Kreatif Margonda", quota=12,
            provider="Dinas Pariwisata", opens_on=d(-20), deadline=d(3))),
        ("expired", dict(kind="business", title="Bazar UMKM Hari Kemerdekaan", quota=25,
            provider="Dinas KUMKM Kota Depok", opens_on=d(-30), deadline=d(5))),
        ("selected", dict(kind="business", title="Bazar HUT Kota Depok", quota=10,
            provider="Dinas KUMKM Kota Depok", opens_on=d(-60), deadline=d(5))),
        ("cancelled", dict(kind="business", title="Festival Kopi Depok", quota=20,
            provider="Komunitas Kopi Depok", opens_on=d(-15), deadline=d(10),
            kbli_sections=["I"])),
    ]  # fmt: skip


def _partners():
    """Verified businesses of the registry's demo, with a login first."""
    from berdaya.registry.selectors import businesses_visible_to, verified_business_q

    staff = _staff()
    qs = (
        businesses_visible_to(staff)
        .filter(verified_business_q())
        .select_related("owner__user", "kelurahan", "registration")
        .order_by("id")
    )
    return list(qs[:400])


def _apply_many(o: Opportunity, businesses, *, limit: int, rng) -> int:
    """Apply with fitting partners: through the service for those with a login; the others'
    rows directly (past applicants without accounts)."""
    facts = rules.facts_for_many(businesses)
    done = 0
    now = timezone.now()
    for b in businesses:
        if done >= limit:
            break
        if rules.eligibility_codes(o, facts[b.pk]):
            continue
        user = b.owner.user
        if user is not None:
            try:
                services.application_apply(user=user, opportunity=o, business=b,
                                           note=rng.choice(NOTES))  # fmt: skip
            except (RuleError, ConflictError):
                continue
        else:
            OpportunityApplication.objects.get_or_create(
                opportunity=o, business=b,
                defaults={"person_id": b.owner_id, "note": rng.choice(NOTES),
                          "applied_at": now - timedelta(hours=rng.randint(1, 200))},
            )  # fmt: skip
        done += 1
    return done


NOTES = [
    "Kami membawa kue basah dan jajanan pasar.",
    "Produk sudah ber-PIRT dan halal.",
    "Siap mengisi stan selama acara.",
    "Kami memproduksi 200 bungkus per hari.",
    "",
]


def seed(*, stdout, rng) -> None:
    if Opportunity.objects.filter(title=MARKER).exists():
        stdout.write("opportunities: demo data already present")
        return
    staff = _staff()
    if staff is None:
        stdout.write("opportunities: no staff login; skipped")
        return
    today = timezone.localdate()
    partners = _partners()
    rng.shuffle(partners)
    partners.sort(key=lambda b: b.owner.user_id is None)  # logins first
    # The verified demo login applies only to past ones: the open ones wait for them to try.
    demo_user = User.objects.filter(phone=normalize_phone(DEMO_PARTNER_PHONE)).first()
    others = [b for b in partners if demo_user is None or b.owner.user_id != demo_user.pk]
    for status, fields in _plan(today):
        o = services.opportunity_create(actor=staff, **fields)
        if status == "draft":
            continue
        o = services.opportunity_publish(actor=staff, opportunity=o)
        if status == "published":
            if o.opens_on <= today:
                _apply_many(o, others, limit=rng.randint(3, 8), rng=rng)
            continue
        wanted = o.quota + rng.randint(2, 8) if o.quota else 10
        mine = [b for b in partners if demo_user is not None and b.owner.user_id == demo_user.pk]
        _apply_many(o, mine + others, limit=wanted, rng=rng)
        if status == "cancelled":
            services.opportunity_cancel(actor=staff, opportunity=o, note="Acara ditunda.")
            continue
        # Past registration periods: move the dates back (history, written directly).
        with transaction.atomic():
            Opportunity.objects.filter(pk=o.pk).update(
                opens_on=o.opens_on - timedelta(days=40), deadline=today - timedelta(days=2)
            )
        o.refresh_from_db()
        if status == "closed":
            services.opportunity_close(actor=staff, opportunity=o)
        elif status == "selected":
            ids = list(
                o.applications.filter(status=ApplicationStatus.APPLIED).values_list("pk", flat=True)
            )
            services.selection_make(actor=staff, opportunity=o, selected_ids=ids[: o.quota])
    counts = {
        s: sum(1 for o in Opportunity.objects.all() if o.current_status() == s)
        for s in OpportunityStatus.values
    }
    stdout.write(
        f"opportunities: {Opportunity.objects.count()} opportunities {counts}, "
        f"{OpportunityApplication.objects.count()} applications"
    )
