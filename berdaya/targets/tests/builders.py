"""Small builders for a known population (registry, training, financing rows) in tests."""

from __future__ import annotations

import datetime
import itertools
from zoneinfo import ZoneInfo

from django.apps import apps

from berdaya.core.personas import BEJI, DEPOK_JAYA, KUKUSAN

JAKARTA = ZoneInfo("Asia/Jakarta")
_serial = itertools.count(1)

__all__ = ["BEJI", "DEPOK_JAYA", "KUKUSAN", "JAKARTA", "registration", "certificate"]


def local(y, m, d, hh=10, mm=0) -> datetime.datetime:
    return datetime.datetime(y, m, d, hh, mm, tzinfo=JAKARTA)


def _kbli(section: str):
    KbliCode = apps.get_model("registry", "KbliCode")
    return KbliCode.objects.filter(section=section, level="kelompok").order_by("code").first()


def person(*, gender="L", kelurahan=BEJI):
    Person = apps.get_model("registry", "Person")
    n = next(_serial)
    return Person.objects.create(
        nik=f"3276{n:012d}",
        full_name=f"Warga {n}",
        gender=gender,
        birth_date=datetime.date(1990, 1, 1),
        phone=f"0812{n:08d}",
        kelurahan_id=kelurahan,
        rw=7,
        rt=3,
    )


def registration(
    *,
    gender="L",
    kelurahan=BEJI,
    kbli="G",
    verified_at=None,
    status="verified",
    new=True,
    who=None,
):
    Business = apps.get_model("registry", "Business")
    Registration = apps.get_model("registry", "Registration")
    owner = who or person(gender=gender, kelurahan=kelurahan)
    code = _kbli(kbli)
    business = Business.objects.create(
        owner=owner,
        name=f"Usaha {owner.pk}-{next(_serial)}",
        started_on=datetime.date(2021, 6, 1),
        kbli=code,
        kbli_section=kbli,
        capital_rupiah=5_000_000,
        annual_sales_rupiah=20_000_000,
        size_class="mikro",
        size_rule="modal",
        kelurahan_id=kelurahan,
        rw=7,
        rt=3,
    )
    return Registration.objects.create(
        person=owner,
        business=business,
        status=status,
        submitted_at=(verified_at or local(2022, 1, 1)) - datetime.timedelta(days=3),
        verified_at=verified_at if status == "verified" else None,
        is_new_entrepreneur=new,
    )


def certificate(who, *, issued_on=datetime.date(2022, 6, 1), revoked=False):
    Program = apps.get_model("training", "Program")
    Batch = apps.get_model("training", "Batch")
    Certificate = apps.get_model("training", "Certificate")
    program, _ = Program.objects.get_or_create(name="Pelatihan Wirausaha Baru")
    batch = Batch.objects.create(program=program, name=f"Angkatan {next(_serial)}", capacity=30)
    n = next(_serial)
    return Certificate.objects.create(
        number=f"CERT/{n}",
        person=who,
        batch=batch,
        issued_on=issued_on,
        code=f"code{n}",
        revoked_at=local(2023, 1, 1) if revoked else None,
    )


def seeded_targets():
    """The two seeded targets (re-created if a transactional test flushed them)."""
    from importlib import import_module

    from berdaya.targets.models import Target

    import_module("berdaya.targets.migrations.0002_seed_targets").seed(apps, None)
    return (
        Target.objects.get(name="5.000 Pengusaha Baru"),
        Target.objects.get(name="1.000 Perempuan Pengusaha"),
    )


def population():
    """The known population of the dashboard tests. In the seeded period 2022-2024:
    new entrepreneurs 4 (2022: 2, 2023: 1, 2024: 1), of them women 2 (2022: 1, 2023: 1),
    trained 2 (a and d; c's certificate is revoked)."""
    a = registration(gender="P", kelurahan=BEJI, kbli="C", verified_at=local(2022, 3, 10))
    b = registration(gender="L", kelurahan=BEJI, kbli="G", verified_at=local(2022, 3, 20))
    # 00:30 in Jakarta on 1 July is still 30 June in UTC: counted in July 2023.
    c = registration(gender="P", kelurahan=KUKUSAN, kbli="G", verified_at=local(2023, 7, 1, 0, 30))
    d = registration(
        gender="L", kelurahan=DEPOK_JAYA, kbli="I", verified_at=local(2024, 12, 31, 23, 30)
    )
    out = [
        registration(gender="P", verified_at=local(2025, 1, 1, 0, 10)),  # after the period
        registration(gender="L", verified_at=local(2021, 12, 31, 23, 50)),  # before it
        registration(gender="P", verified_at=local(2022, 5, 5), new=False),  # not new
        registration(gender="L", status="submitted"),
        registration(gender="P", status="rejected"),
        registration(gender="L", status="needs_revision"),
    ]
    certificate(a.person)
    certificate(d.person, issued_on=datetime.date(2025, 2, 1))
    certificate(c.person, revoked=True)
    return {"a": a, "b": b, "c": c, "d": d, "out": out}


def application(*, product="kredit-mesra", kelurahan=BEJI, status="disbursed", loans=()):
    """An application with loans ``[(gender, principal, disbursed_on), ...]``."""
    Product = apps.get_model("financing", "Product")
    Application = apps.get_model("financing", "Application")
    Loan = apps.get_model("financing", "Loan")
    applicant = person(kelurahan=kelurahan)
    app = Application.objects.create(
        product=Product.objects.get(code=product),
        applicant=applicant,
        kelurahan_id=kelurahan,
        status=status,
        term_months=12,
    )
    for gender, principal, disbursed_on in loans:
        Loan.objects.create(
            application=app,
            person=person(gender=gender, kelurahan=kelurahan),
            kelurahan_id=kelurahan,
            principal_rupiah=principal,
            total_rupiah=principal,
            term_months=12,
            disbursed_on=disbursed_on,
        )
    return app


def log_in(client, user):
    """Log ``user`` in on the test client through the session (like ``force_login``, without
    the login signal, whose throttle bookkeeping needs a client address)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = client.session
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "berdaya.accounts.backends.PhoneOrEmailBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # A real login stamps the session's start and last request (staff sessions expire).
    import time

    from berdaya.accounts.middleware import SEEN, STARTED

    session[STARTED] = session[SEEN] = time.time()
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client
