"""Step 1: a registration is submitted (within the abuse limits), with its person,
account and business."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import timezone

from berdaya.accounts.models import Role
from berdaya.accounts.office import contact_sentence
from berdaya.accounts.services import role_assign, user_create
from berdaya.core import events
from berdaya.core.errors import ConflictError, Problem, RuleError
from berdaya.core.notify import notify_user
from berdaya.registry import rules, selectors
from berdaya.registry.cleaning import (
    clean_business,
    clean_person,
)
from berdaya.registry.models import (
    Business,
    PartnerSequence,
    Person,
    Registration,
    RegistryEvents,
)
from berdaya.registry.services.common import (
    CONSENT_TEXT,
    Status,
    _status_url,
)
from berdaya.registry.services.throttle import registration_throttle


# --- Public registration ------------------------------------------------------------------------
def nik_registered_message() -> str:
    """What a person is told when their NIK is already registered (at the step it is typed and
    at submit), with the office's contact."""
    return (
        "NIK ini sudah terdaftar. Jika ini NIK Anda, masuk dengan akun Anda atau "
        f"{contact_sentence()}."
    )


def registration_submit(
    *,
    person: dict,
    business: dict,
    password: str | None,
    consent: bool,
    client_address: str = "",
    device: str = "",
    user=None,
    actor=None,
) -> Registration:
    """Register a person, their business and a submitted registration, with a user account
    (created here, or the logged-in ``user`` without a person). All or nothing. Counted by the
    abuse limits (``services.throttle``) once the phone and NIK are read."""
    person_data, problems = clean_person(person or {})
    business_data, more = clean_business(business or {})
    problems += more
    if consent is not True:
        problems.append(
            Problem("consent_required", "Anda perlu menyetujui pemrosesan data diri.", "consent")
        )
    if user is None and not password and not selectors.phone_has_account(person_data["phone"]):
        problems.append(
            Problem("password_required", "Buat kata sandi untuk akun Anda.", "password")
        )
    if problems:
        raise RuleError(*problems)
    registration_throttle(
        client_address=client_address,
        phone=str(person_data["phone"]),
        nik=person_data["nik"],
        device=device,
    )
    # Hash before the write transaction (ADR 0009): Argon2id takes tens of milliseconds and
    # must not hold SQLite's single write lock.
    password_hash = make_password(password) if user is None and password else None
    now = timezone.now()
    try:
        with transaction.atomic():
            if Person.objects.filter(nik=person_data["nik"]).exists():
                raise ConflictError(
                    "nik_registered",
                    nik_registered_message(),
                )
            account_note = ""
            if user is None:
                user, account_note = _account_for(person_data, password, password_hash)
            elif Person.objects.filter(user=user).exists():
                raise ConflictError("already_registered", "Akun ini sudah memiliki data diri.")
            if user is not None:
                role_assign(user=user, role=Role.PELAKU_USAHA)
            person_obj = Person.objects.create(
                user=user,
                consent_text=CONSENT_TEXT,
                consent_at=now,
                **_person_fields(person_data),
            )
            business_obj = _business_create(person_obj, business_data)
            registration = Registration.objects.create(
                person=person_obj,
                business=business_obj,
                status=Status.SUBMITTED,
                submitted_at=now,
                is_new_entrepreneur=rules.is_new_entrepreneur(
                    person_obj,
                    started_on=business_obj.started_on,
                    registered_on=timezone.localdate(now),
                ),
            )
            events.record(
                registration,
                RegistryEvents.SUBMITTED,
                actor=actor or user,
                to_status=Status.SUBMITTED,
                note=account_note,
                data={"nik_warnings": person_data.get("nik_warnings", [])},
            )
            notify_user(
                user,
                title="Pendaftaran mitra binaan diterima",
                body=(
                    f"Pendaftaran usaha {business_obj.name} (nomor pendaftaran "
                    f"{registration.reference}) sedang diperiksa staf DKUM."
                ),
                url=_status_url(registration),
            )
    except IntegrityError:
        raise ConflictError("nik_registered", "NIK ini sudah terdaftar.") from None
    return registration


def _account_for(person_data: dict, password: str | None, password_hash: str | None):
    """A new login for the applicant, or (None, why) when the phone already belongs to another
    account: family members often share one phone, so the registration is still taken and the
    shared phone is flagged to the reviewer as a likely duplicate."""
    from berdaya.accounts.models import User

    if User.objects.filter(phone=person_data["phone"]).exists():
        return None, "Nomor HP sudah dipakai akun lain: pendaftaran diterima tanpa akun baru."
    email = person_data["email"] or None
    if email and User.objects.filter(email__iexact=email).exists():
        email = None  # the email stays on the person; the login goes by phone
    user = user_create(
        full_name=person_data["full_name"],
        phone=person_data["phone"],
        password=password,
        email=email,
        password_hash=password_hash,
    )
    return user, ""


def _person_fields(data: dict) -> dict:
    keys = (
        "nik", "full_name", "gender", "birth_date", "phone", "email", "education", "disability",
        "kelurahan", "rw", "rt", "street_address",
    )  # fmt: skip
    return {k: data[k] for k in keys}


def _business_fields(data: dict, owner: Person) -> dict:
    size_class, size_rule = rules.classify_size(
        capital_rupiah=data["capital_rupiah"], annual_sales_rupiah=data["annual_sales_rupiah"]
    )
    kbli = data["kbli"]
    return {
        "name": data["name"],
        "legal_form": data["legal_form"] or "perorangan",
        "started_on": data["started_on"],
        "kbli": kbli,
        "kbli_version": kbli.version,
        "kbli_section": kbli.section,
        "nib": data["nib"],
        "npwp": data["npwp"],
        "capital_rupiah": data["capital_rupiah"],
        "annual_sales_rupiah": data["annual_sales_rupiah"],
        "workers_women": data["workers_women"],
        "workers_men": data["workers_men"],
        "marketing_channels": data["marketing_channels"],
        "size_class": size_class,
        "size_rule": size_rule,
        # The business address defaults to the owner's home.
        "kelurahan": data.get("kelurahan") or owner.kelurahan,
        "rw": data.get("rw") or owner.rw,
        "rt": data.get("rt") or owner.rt,
        "street_address": data.get("street_address") or owner.street_address,
    }


def _business_create(owner: Person, data: dict) -> Business:
    return Business.objects.create(owner=owner, **_business_fields(data, owner))


# --- Staff review ---------------------------------------------------------------------------
def _next_partner_number(year: int) -> str:
    """MB-YYYY-NNNNNN, the sequence locked per year so two staff verifying at once never share
    a number."""
    PartnerSequence.objects.get_or_create(year=year)
    seq = PartnerSequence.objects.select_for_update().get(year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"MB-{year}-{seq.last:06d}"
