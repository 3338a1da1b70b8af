"""Public registration pages: the four-step form with its saved draft, the NIK check, KBLI
lookup."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Literal, overload

from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from berdaya.core.client import client_address
from berdaya.core.date_parts import DatePartsWidget
from berdaya.core.errors import ConflictError, RuleError
from berdaya.core.once import once_per_token
from berdaya.registry import selectors, services
from berdaya.registry.cleaning import (
    Cleaner,
    clean_address,
    clean_business,
    clean_contact,
    clean_identity,
)
from berdaya.registry.device import DEVICE_COOKIE, device_of
from berdaya.registry.forms import (
    AccountForm,
    AddressForm,
    BusinessForm,
    IdentityForm,
    RuleForm,
)
from berdaya.registry.models import (
    RegistrationDraft,
)
from berdaya.registry.nik import validate_nik
from berdaya.registry.views.answers import answers_of

DRAFT_SESSION_KEY = "registry_draft"


DRAFT_DAYS = 14
PHONE_TAKEN = (
    "Nomor HP ini sudah dipakai akun lain. Jika itu akun Anda, masuk dulu lalu daftar; jika "
    "nomor ini dipakai bersama keluarga, centang pilihan di bawahnya; atau pakai nomor lain."
)


STEPS: list[tuple[int, str, str, type[RuleForm]]] = [
    (1, "identity", "Data diri", IdentityForm),
    (2, "address", "Alamat", AddressForm),
    (3, "business", "Usaha", BusinessForm),
    (4, "account", "Periksa dan kirim", AccountForm),
]


# --- Public registration --------------------------------------------------------------------
@overload
def _draft(request, *, create: Literal[True]) -> RegistrationDraft: ...


@overload
def _draft(request, *, create: bool = False) -> RegistrationDraft | None: ...


def _draft(request, *, create: bool = False) -> RegistrationDraft | None:
    token = request.session.get(DRAFT_SESSION_KEY)
    draft = None
    if token:
        draft = RegistrationDraft.objects.filter(token=token, expires_at__gt=timezone.now()).first()
    if draft is None and create:
        draft = RegistrationDraft.objects.create(
            token=secrets.token_urlsafe(32),
            expires_at=timezone.now() + timedelta(days=DRAFT_DAYS),
        )
        request.session[DRAFT_SESSION_KEY] = draft.token
    return draft


def register_start(request):
    """Public start page: what is needed, and a draft to resume."""
    if selectors.person_for_user(request.user) is not None:
        return redirect("registry:dashboard")
    context = {"draft": _draft(request), "steps": STEPS}
    return render(request, "registry/register_start.html", context)


def register_resume(request, token: str):
    draft = RegistrationDraft.objects.filter(token=token, expires_at__gt=timezone.now()).first()
    if draft is None:
        raise Http404
    request.session[DRAFT_SESSION_KEY] = draft.token
    return redirect("registry:register_step", step=min(draft.step, 4))


def _step_problems(key: str, data: dict, user) -> list:
    """What is wrong with one step, found at the step where it is typed (issue 14): a NIK
    already registered and a phone that another account uses are told at step 1, not after
    the last step."""
    c = Cleaner()
    if key == "identity":
        identity = clean_identity(c, data)
        contact = clean_contact(c, data)
        if identity.get("nik") and selectors.person_by_nik(identity["nik"]) is not None:
            c.add("nik_registered", services.nik_registered_message(), "nik")
        shared = data.get("phone_shared") and not user.is_authenticated
        if contact.get("phone") and not shared and not user.is_authenticated:
            if selectors.phone_has_account(contact["phone"]):
                c.add("phone_taken", PHONE_TAKEN, "phone")
        for problem in c.problems:
            if problem.code == "birth_date_invalid":
                problem.message = "Isi tanggal, bulan, dan tahun lahir, misalnya 17 Mei 1990."
    elif key == "address":
        clean_address(c, data)
    elif key == "business":
        return clean_business(data, prefix="")[1]
    return c.problems


@once_per_token
def register_step(request, step: int):
    if step not in (1, 2, 3, 4):
        raise Http404
    if selectors.person_for_user(request.user) is not None:
        return redirect("registry:dashboard")
    draft = _draft(request, create=True)
    if step > draft.step:
        return redirect("registry:register_step", step=draft.step)
    _, key, title, form_class = STEPS[step - 1]
    if request.method == "POST":
        form = form_class(request.POST)
        if key == "account":
            return _register_finish(request, draft, form)
        data = form.raw()
        problems = _step_problems(key, data, request.user)
        if not problems:
            draft.data = {**draft.data, key: data}
            draft.step = max(draft.step, step + 1)
            draft.save(update_fields=["data", "step", "updated_at"])
            return redirect("registry:register_step", step=step + 1)
        form.is_valid()
        form.add_problems(RuleError(*problems))
    else:
        form = form_class(initial=draft.data.get(key, {}))
    return _render_step(request, draft, step, form)


def _shared_phone(request, draft) -> bool:
    return not request.user.is_authenticated and bool(
        draft.data.get("identity", {}).get("phone_shared")
    )


def _render_step(request, draft, step, form, status=200, other_problems=()):
    _, key, title, _ = STEPS[step - 1]
    shared_phone = _shared_phone(request, draft)
    if key == "account":
        # "Kata sandi" is needed for a new account: marked as required, or not asked at all
        # when no account is made (a phone shared with the family's account).
        if shared_phone or request.user.is_authenticated:
            form.fields.pop("password", None)
        else:
            form.fields["password"].required = True
    elif key == "identity":
        # the shared-phone choice is offered once the phone is known to be taken (or chosen)
        taken = form.is_bound and PHONE_TAKEN in form.errors.get("phone", [])
        if not (taken or form["phone_shared"].value()):
            form.fields.pop("phone_shared")
    context = {
        "form": form, "step": step, "steps": STEPS, "title": title, "key": key, "draft": draft,
        "other_problems": other_problems, "shared_phone": shared_phone,
        "answers": answers_of(draft) if key == "account" else [],
        "resume_url": request.build_absolute_uri(
            reverse("registry:register_resume", args=[draft.token])
        ),
    }  # fmt: skip
    response = render(request, "registry/register_step.html", context, status=status)
    if not request.COOKIES.get(DEVICE_COOKIE):
        response.set_cookie(
            DEVICE_COOKIE,
            secrets.token_urlsafe(24),
            max_age=365 * 24 * 3600,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    return response


def _register_finish(request, draft, form):
    data = form.raw()
    person = {**draft.data.get("identity", {}), **draft.data.get("address", {})}
    user = request.user if request.user.is_authenticated else None
    try:
        reg = services.registration_submit(
            person=person,
            business=draft.data.get("business", {}),
            password=None if _shared_phone(request, draft) else data["password"],
            consent=data["consent"],
            client_address=client_address(request),
            device=device_of(request),
            user=user,
        )
    except RuleError as exc:
        form.is_valid()
        others = form.add_problems(exc)
        return _render_step(request, draft, 4, form, 422, _link_problems(others))
    except ConflictError as exc:
        form.is_valid()
        return _render_step(request, draft, 4, form, 409, [(exc.message, 1)])
    except services.RegistrationThrottled as exc:
        form.is_valid()
        response = _render_step(request, draft, 4, form, 429, [(exc.message, None)])
        response["Retry-After"] = str(exc.retry_after_seconds)
        return response
    draft.delete()
    request.session.pop(DRAFT_SESSION_KEY, None)
    if user is None and reg.person.user is None:
        # The phone belongs to another account: no login to give, the office follows up.
        return render(request, "registry/submitted_no_account.html", {"reg": reg}, status=201)
    if user is None:
        login(request, reg.person.user, backend="berdaya.accounts.backends.PhoneOrEmailBackend")
    messages.success(request, "Pendaftaran terkirim. Kami kabari lewat WhatsApp dan notifikasi.")
    return redirect("registry:status", pk=reg.pk)


def _link_problems(problems) -> list[tuple[str, int | None]]:
    """(message, step to fix it) for problems that belong to an earlier step."""
    step_of: dict[str, int] = {}
    for number, _, _, form_class in STEPS:
        for name in form_class.base_fields:
            step_of.setdefault(name, number)
    out = []
    for p in problems:
        name = (p.field or "").rsplit(".", 1)[-1]
        out.append((p.message, step_of.get(name)))
    return out


@require_GET
def nik_check(request):
    """htmx: the NIK checked as it is typed (format, date, gender; never whether it is taken)."""
    nik = request.GET.get("nik", "")
    digits = "".join(ch for ch in nik if ch.isdigit())  # counted only; the Cleaner reads them
    if len(digits) < 16:
        text = f"{len(digits)} dari 16 angka" if digits else ""
        return HttpResponse(f'<span class="hint">{text}</span>' if text else "")
    c = Cleaner()
    typed = {"birth_date": DatePartsWidget().value_from_datadict(request.GET, {}, "birth_date")}
    birth = c.date(typed, "birth_date", "Tanggal lahir", required=False)
    gender = request.GET.get("gender") if request.GET.get("gender") in ("L", "P") else None
    try:
        info = validate_nik(nik, gender=gender, birth_date=birth)
    except RuleError as exc:
        return render(request, "registry/_nik_check.html", {"error": exc.problems[0].message})
    return render(request, "registry/_nik_check.html", {"info": info})


@require_GET
def kbli_lookup(request):
    items = selectors.kbli_search(request.GET.get("kbli_q", "") or request.GET.get("q", ""))
    return render(request, "registry/_kbli_results.html", {"items": items})
