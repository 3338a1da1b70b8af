"""Small factories for financing tests: verified partners made directly through the registry's
models (Person + Business + Registration(status="verified")), groups and applications."""

from __future__ import annotations

import datetime
import itertools
import time

from django.utils import timezone

from berdaya.core.personas import BEJI, DEMO_PASSWORD
from berdaya.registry.models import Business, KbliCode, Person, Registration

_counter = itertools.count(1)


def make_partner(
    *,
    kelurahan_code: str = BEJI,
    rw: int = 7,
    rt: int = 3,
    gender: str = "P",
    verified: bool = True,
    with_user: bool = True,
    name: str | None = None,
) -> Person:
    from berdaya.accounts.services import role_assign, user_create

    n = next(_counter)
    nik = f"3276064{n:09d}"
    phone = f"0857{n:08d}"
    user = None
    if with_user:
        user = user_create(
            full_name=name or f"Anggota {n}", phone=phone, password=DEMO_PASSWORD, validate=False
        )
        role_assign(user=user, role="pelaku_usaha")
    person = Person.objects.create(
        user=user,
        nik=nik,
        full_name=name or f"Anggota {n}",
        gender=gender,
        birth_date=datetime.date(1985, 5, 17),
        phone=phone,
        kelurahan_id=kelurahan_code,
        rw=rw,
        rt=rt,
    )
    kbli = KbliCode.objects.filter(code__regex=r"^\d{5}$").first()
    assert kbli is not None, "KBLI 2020 is loaded by the registry's migration"
    business = Business.objects.create(
        owner=person,
        name=f"Warung {person.full_name}",
        started_on=datetime.date(2024, 1, 1),
        kbli=kbli,
        kbli_section=kbli.section,
        capital_rupiah=10_000_000,
        annual_sales_rupiah=60_000_000,
        size_class="mikro",
        size_rule="modal",
        kelurahan_id=kelurahan_code,
        rw=rw,
        rt=rt,
    )
    Registration.objects.create(
        person=person,
        business=business,
        status="verified" if verified else "submitted",
        submitted_at=timezone.now(),
        verified_at=timezone.now() if verified else None,
        partner_number=f"MB-{n:06d}" if verified else None,
    )
    return person


def make_full_group(*, size: int = 10, rw: int = 7, rt: int = 3, product_code="kredit-mesra"):
    """A group of ``size`` verified partners in Beji RW ``rw`` RT ``rt``, every invitation
    accepted with joint liability signed. Returns (group, [leader, *members])."""
    from berdaya.financing import services
    from berdaya.financing.models import Product

    product = Product.objects.get(code=product_code)
    leader = make_partner(rw=rw, rt=rt)
    group = services.group_create(
        user=leader.user,
        product=product,
        name="Kelompok Mawar",
        kelurahan_code=BEJI,
        rw=rw,
        rt=rt,
        joint_liability=True,
    )
    members = [leader]
    for _ in range(size - 1):
        person = make_partner(rw=rw, rt=rt)
        invitation = services.invitation_create(group=group, user=leader.user, nik=person.nik)
        services.invitation_answer(
            invitation=invitation, user=person.user, accept=True, joint_liability=True
        )
        members.append(person)
    return group, members


def make_application(*, amount: int = 5_000_000, term: int = 12, **kw):
    from berdaya.financing import services

    group, members = make_full_group(**kw)
    application = services.application_create(
        user=members[0].user,
        group=group,
        term_months=term,
        members=[{"nik": p.nik, "amount_rupiah": amount, "purpose": "modal"} for p in members],
    )
    return application, members


def logged_in_client(user):
    """A test client logged in as ``user`` through the session (like ``force_login``, without the
    login signal, whose throttle bookkeeping needs a client address)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.test import Client

    client = Client()
    session = client.session
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "berdaya.accounts.backends.PhoneOrEmailBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # a fresh staff session (berdaya.accounts.middleware ends one without its stamps)
    session["berdaya_started"] = session["berdaya_seen"] = time.time()
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key or ""
    return client
