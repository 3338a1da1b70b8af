"""Demo data of the cooperatives app, called by ``manage.py seed_demo``. Idempotent.

About 40 cooperatives over Depok's kecamatan with members and RAT reports since their founding
(at most the last seven years): most held their last RAT, some are late, in warning or in
dissolution warning; a few registrations wait for staff or for revision, one is inactive. One
cooperative of employees has 2,000 members. History is written in bulk (no events or
notifications for the past); the showcase cooperative in Beji is made through the services, so
its page shows a real history: registered by the demo pengurus koperasi login, verified by
staff, RAT reports with a correction and its members (one of them the verified demo mitra
binaan, who sees the membership on their home page).
"""

from __future__ import annotations

import datetime as dt
from random import Random

from django.db import transaction
from django.utils import timezone

from berdaya.accounts.models import User
from berdaya.accounts.phones import normalize_phone
from berdaya.cooperatives import services
from berdaya.cooperatives.models import (
    AnnualReport,
    BoardMember,
    Cooperative,
    CooperativeStatus,
    CooperativeType,
    Member,
    MemberStatus,
    Position,
)
from berdaya.core.personas import BEJI, PERSONAS
from berdaya.regions.selectors import kecamatan_list, kelurahan_list

COOPERATIVE_PHONE = "081200000050"  # the accounts demo's pengurus koperasi login
MEMBER_PHONE = "081300000003"  # the registry's verified demo mitra binaan
SHOWCASE_NIK = "3276060000000001"
BIG_SIZE = 2000
COUNT = 40
NAMES = [
    "Sejahtera", "Makmur Bersama", "Mandiri", "Berkah", "Maju Jaya", "Sumber Rezeki",
    "Harapan", "Sentosa", "Karya Usaha", "Mekar", "Amanah", "Bina Usaha", "Mitra Usaha",
    "Guyub Rukun", "Tunas Harapan", "Sinar Depok",
]  # fmt: skip
FIRST = ["Siti", "Dewi", "Ahmad", "Budi", "Rina", "Agus", "Sri", "Joko", "Nur", "Andi", "Yuni",
         "Hendra", "Wati", "Eko", "Lestari", "Rudi", "Ani", "Dedi", "Fitri", "Bambang"]  # fmt: skip
LAST = ["Hidayat", "Susanti", "Pratama", "Wijaya", "Lestari", "Saputra", "Rahmawati", "Nugroho",
        "Kurniawan", "Permata", "Setiawan", "Handayani", "Gunawan", "Maharani"]  # fmt: skip
TYPE_WORD: dict[str, str] = {
    CooperativeType.SIMPAN_PINJAM: "Koperasi Simpan Pinjam",
    CooperativeType.KONSUMEN: "Koperasi Konsumen",
    CooperativeType.PRODUSEN: "Koperasi Produsen",
    CooperativeType.PEMASARAN: "Koperasi Pemasaran",
    CooperativeType.JASA: "Koperasi Jasa",
    CooperativeType.SERBA_USAHA: "Koperasi Serba Usaha",
    CooperativeType.KARYAWAN: "Koperasi Karyawan",
}
# RAT pattern by index: how many closed years back the last RAT was (0: held, 1: late, 2:
# warning, 4: dissolution warning) and the registration status.
PATTERN = [0, 0, 0, 1, 0, 0, 2, 0, 1, 4]


def _user(phone: str) -> User | None:
    return User.objects.filter(phone=normalize_phone(phone)).first()


def _nik(region: str, birth: dt.date, gender: str, serial: int) -> str:
    day = birth.day + (40 if gender == "P" else 0)
    return f"{region}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial % 9999 + 1:04d}"


class People:
    """Made-up members with valid, distinct NIKs."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.serial = 0

    def person(self, region: str) -> dict:
        rng = self.rng
        self.serial += 1
        gender = rng.choice("LP")
        birth = dt.date(rng.randint(1960, 2002), rng.randint(1, 12), rng.randint(1, 28))
        return {
            "nik": _nik(region, birth, gender, self.serial),
            "full_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "gender": gender,
            "birth_date": birth,
        }


def _members(coop: Cooperative, people: People, size: int, rng: Random, today: dt.date) -> None:
    region = coop.kelurahan_id.replace(".", "")[:6]
    rows = []
    for n in range(1, size + 1):
        joined = dt.date(rng.randint(coop.founded_year, today.year - 1), rng.randint(1, 12), 1)
        status = (
            MemberStatus.ACTIVE
            if rng.random() > 0.08
            else rng.choice([MemberStatus.RESIGNED, MemberStatus.DECEASED, MemberStatus.EXPELLED])
        )
        status_on = joined if status == MemberStatus.ACTIVE else max(joined, today.replace(day=1))
        years = max(today.year - joined.year, 1)
        rows.append(
            Member(
                cooperative=coop, member_number=f"{coop.pk:03d}-{n:05d}",
                joined_on=joined, status=status, status_on=status_on,
                savings_pokok_rupiah=100_000, savings_wajib_rupiah=years * 12 * 25_000,
                savings_sukarela_rupiah=rng.randrange(0, 5_000_000, 50_000),
                **people.person(region),
            )
        )  # fmt: skip
    Member.objects.bulk_create(rows, batch_size=500)


def _reports(coop: Cooperative, last_year: int | None, size: int, rng: Random, today) -> None:
    if last_year is None:
        return
    first = max(coop.founded_year, today.year - 7)
    total = max(int(size * rng.uniform(0.7, 0.9)), 5)
    rows = []
    for year in range(first, last_year + 1):
        total = max(int(total * rng.uniform(0.98, 1.08)), 5)
        assets = total * rng.randrange(1_500_000, 6_000_000, 10_000)
        own = int(assets * rng.uniform(0.35, 0.8))
        meeting = min(dt.date(year + 1, rng.randint(2, 6), rng.randint(1, 28)), today)
        women = int(total * rng.uniform(0.4, 0.7))
        rows.append(
            AnnualReport(
                cooperative=coop, fiscal_year=year, version=1, is_latest=True,
                meeting_date=meeting, members_total=total,
                members_present=int(total * rng.uniform(0.5, 0.9)), members_women=women,
                members_men=total - women, employees=rng.randint(1, 12),
                total_assets_rupiah=assets, own_capital_rupiah=own,
                outside_capital_rupiah=assets - own - rng.randrange(0, 10_000_000, 100_000),
                business_volume_rupiah=int(assets * rng.uniform(0.5, 1.5)),
                shu_rupiah=int(assets * rng.uniform(-0.02, 0.08)),
                filed_at=timezone.make_aware(dt.datetime.combine(meeting, dt.time(10))),
            )
        )  # fmt: skip
    AnnualReport.objects.bulk_create(rows)
    Cooperative.objects.filter(pk=coop.pk).update(last_rat_year=last_year)


def _board(coop: Cooperative, people: People, today: dt.date) -> None:
    region = coop.kelurahan_id.replace(".", "")[:6]
    start = dt.date(today.year - 2, 1, 1)
    BoardMember.objects.bulk_create(
        BoardMember(cooperative=coop, position=position, term_start=start,
                    term_end=start.replace(year=start.year + 5),
                    **{k: v for k, v in people.person(region).items() if k != "gender"
                       and k != "birth_date"})
        for position in Position.values
    )  # fmt: skip


def _bulk_cooperatives(rng: Random, today: dt.date, staff) -> int:
    kecamatan = list(kecamatan_list())
    existing = set(Cooperative.objects.values_list("nik_koperasi", flat=True))
    people = People(rng)
    made = 0
    for i in range(COUNT):
        nik_koperasi = f"3276{100_000_000_000 + i:012d}"
        kec = kecamatan[i % len(kecamatan)]
        kelurahan = rng.choice(list(kelurahan_list(kecamatan_code=kec.code)))
        coop_type = CooperativeType.KARYAWAN if i == 1 else rng.choice(CooperativeType.values)
        founded = rng.randint(1995, today.year - 3)
        size = BIG_SIZE if i == 1 else rng.randint(20, 90)
        status = CooperativeStatus.VERIFIED
        if i in (37, 38):
            status = CooperativeStatus.SUBMITTED if i == 37 else CooperativeStatus.NEEDS_REVISION
        elif i == 39:
            status = CooperativeStatus.INACTIVE
        if nik_koperasi in existing:
            continue
        name = (
            "Koperasi Karyawan Pemerintah Kota Depok" if i == 1
            else f"{TYPE_WORD[coop_type]} {NAMES[i % len(NAMES)]} {kelurahan.name}"
        )  # fmt: skip
        back = PATTERN[i % len(PATTERN)]
        last_year: int | None = today.year - 1 - back
        if last_year is not None and last_year < founded:
            last_year = None
        with transaction.atomic():
            coop = Cooperative.objects.create(
                name=name, nik_koperasi=nik_koperasi, type=coop_type,
                legal_number=f"{rng.randint(100, 999)}/BH/XIII/{founded}",
                legal_date=dt.date(founded, rng.randint(1, 12), rng.randint(1, 28)),
                founded_year=founded, kelurahan=kelurahan, rw=rng.randint(1, 12),
                rt=rng.randint(1, 8), street_address=f"Jl. {rng.choice(NAMES)} No. {i + 3}",
                phone="", email="", status=status, registered_by=staff,
                reviewed_by=staff if status != CooperativeStatus.SUBMITTED else None,
                submitted_at=timezone.now() - dt.timedelta(days=rng.randint(5, 400)),
                reason="Lampirkan akta pendirian yang terbaru." if i == 38 else "",
                verified_at=timezone.now() if status == CooperativeStatus.VERIFIED else None,
            )  # fmt: skip
            _board(coop, people, today)
            if status in (CooperativeStatus.VERIFIED, CooperativeStatus.INACTIVE):
                _members(coop, people, size, rng, today)
                _reports(coop, last_year, size, rng, today)
        made += 1
    return made


def _showcase(rng: Random, today: dt.date, staff) -> Cooperative | None:
    coop = Cooperative.objects.filter(nik_koperasi=SHOWCASE_NIK).first()
    if coop is not None:
        return coop
    board_user = _user(COOPERATIVE_PHONE)
    if board_user is None or staff is None:
        return None
    people = People(Random(rng.randint(0, 10**6)))
    ketua = people.person("327606")
    coop = services.cooperative_register(
        actor=board_user,
        data={
            "name": "Koperasi Serba Usaha Beji Sejahtera", "nik_koperasi": SHOWCASE_NIK,
            "legal_number": "518/045/BH/XIII.3/2016", "legal_date": "2016-03-14",
            "type": CooperativeType.SERBA_USAHA, "kelurahan_code": BEJI, "rw": 7, "rt": 3,
            "street_address": "Jl. Kenanga Raya No. 12", "phone": "021 7720 1234",
            "email": "ksu.bejisejahtera@example.id",
            "board": [
                {"position": "ketua", "nik": ketua["nik"], "full_name": board_user.full_name,
                 "term_start": f"{today.year - 2}-01-01", "term_end": f"{today.year + 2}-12-31"},
                {**{k: str(v) for k, v in people.person("327606").items()},
                 "position": "bendahara"},
                {**{k: str(v) for k, v in people.person("327606").items()},
                 "position": "pengawas"},
            ],
        },
    )  # fmt: skip
    services.cooperative_review(cooperative=coop, reviewer=staff, decision="verify")
    _members(coop, people, 60, rng, today)
    base = {"members_women": 35, "members_men": 27, "employees": 3,
            "business_volume_rupiah": 1_250_000_000}  # fmt: skip

    def rat_day(year: int) -> str:
        """The RAT of fiscal year ``year``: 21 March of the next year, or today if that is
        still ahead (a report's meeting date is never in the future)."""
        return min(dt.date(year + 1, 3, 21), today).isoformat()

    for year, total, assets, shu in (
        (today.year - 3, 55, 820_000_000, 41_000_000),
        (today.year - 2, 58, 905_000_000, 47_500_000),
        (today.year - 1, 62, 990_000_000, 52_000_000),
    ):
        services.report_file(
            cooperative=coop, actor=board_user,
            data={**base, "fiscal_year": year, "meeting_date": rat_day(year),
                  "members_total": total, "members_present": total - 12,
                  "members_women": total - 27, "total_assets_rupiah": assets,
                  "own_capital_rupiah": int(assets * 0.62),
                  "outside_capital_rupiah": int(assets * 0.35), "shu_rupiah": shu},
        )  # fmt: skip
    # A correction of the last year's figures (version 2): the earlier version stays.
    services.report_file(
        cooperative=coop, actor=board_user,
        data={**base, "fiscal_year": today.year - 1, "meeting_date": rat_day(today.year - 1),
              "members_total": 62, "members_present": 50, "members_women": 35,
              "total_assets_rupiah": 990_000_000, "own_capital_rupiah": 615_000_000,
              "outside_capital_rupiah": 346_500_000, "shu_rupiah": 54_250_000},
    )  # fmt: skip
    _link_demo_member(coop, board_user, today)
    return coop


def _link_demo_member(coop: Cooperative, actor, today: dt.date) -> None:
    """The verified demo mitra binaan is also a member (the same registry person)."""
    from berdaya.registry.selectors import person_for_user

    user = _user(MEMBER_PHONE)
    person = person_for_user(user) if user else None
    if person is None:
        return
    services.member_add(
        cooperative=coop, actor=actor,
        data={"member_number": "BS-0001", "nik": person.nik, "full_name": person.full_name,
              "gender": person.gender, "birth_date": person.birth_date,
              "joined_on": dt.date(today.year - 3, 5, 2), "savings_pokok_rupiah": 100_000,
              "savings_wajib_rupiah": 1_800_000, "savings_sukarela_rupiah": 750_000},
    )  # fmt: skip


def seed(*, stdout, rng) -> None:
    today = timezone.localdate()
    staff_phone = next(p.phone for p in PERSONAS if p.key == "staff")
    staff = _user(staff_phone)
    showcase = _showcase(rng, today, staff)
    made = _bulk_cooperatives(rng, today, staff)
    total = Cooperative.objects.count()
    stdout.write(
        f"Koperasi: {total} ({made} baru), anggota: {Member.objects.count()}, "
        f"laporan RAT: {AnnualReport.objects.count()}."
    )
    if showcase is not None:
        stdout.write(
            f"  Pengurus Koperasi (Beji)         {COOPERATIVE_PHONE} mengelola {showcase.name}"
        )
