from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

from berdaya.accounts.forms import LoginForm, OtpForm, ResetCodeRequestForm, ResetCodeUseForm
from berdaya.accounts.phones import normalize_phone
from berdaya.accounts.reset_code import reset_code_request, reset_code_use
from berdaya.accounts.throttle import (
    login_identifier,
    throttle_refusal,
    throttle_succeed,
)
from berdaya.accounts.two_factor import (
    has_enrolled,
    manual_key,
    totp_device_confirm,
    totp_device_pending,
    verify_second_factor,
)
from berdaya.core.client import client_address
from berdaya.core.errors import RuleError
from berdaya.core.pdf import qr_svg_data_uri
from berdaya.core.phones import format_phone


class LoginView(auth_views.LoginView):
    """The login page. Throttled like the API token endpoint (``berdaya.accounts.throttle``)."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_initial(self):
        """After a reset by code the number just used is filled in (read once from the session;
        never the password)."""
        initial = super().get_initial()
        phone = self.request.session.pop(LOGIN_PREFILL_SESSION_KEY, None)
        if phone and self.request.method == "GET":
            initial["username"] = format_phone(phone)
        return initial

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if form.initial.get("username"):  # the number is there: the password is typed next
            form.fields["username"].widget.attrs.pop("autofocus", None)
            form.fields["password"].widget.attrs["autofocus"] = True
        return form

    def post(self, request, *args, **kwargs):
        login = login_identifier(request.POST.get("username"))
        address = client_address(request)
        # The backend counts the check before making it and refuses it over the limit (the
        # only check: attempts arriving together are all answered by the same count).
        response = super().post(request, *args, **kwargs)
        locked = throttle_refusal(request)
        if locked is not None:
            minutes = max(1, -(-locked.retry_after_seconds // 60))
            response = render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
            response["Retry-After"] = str(locked.retry_after_seconds)
            return response
        if request.user.is_authenticated:
            throttle_succeed(login=login, address=address)
        return response


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@login_required
def otp_verify(request):
    """Second step of a staff login: the code from the authenticator app."""
    if not has_enrolled(request.user):
        return redirect("accounts:otp_setup")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = verify_second_factor(user=request.user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", "Kode tidak cocok atau sudah kedaluwarsa. Coba kode terbaru.")
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


@login_required
def otp_setup(request):
    """Enrol an authenticator app: scan the QR code, then type the first code."""
    if has_enrolled(request.user) and not request.user.is_verified():
        return redirect("accounts:otp_verify")
    device = totp_device_pending(user=request.user)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = totp_device_confirm(user=request.user, token=form.cleaned_data["token"])
        except RuleError as exc:
            form.add_error("token", str(exc))
        else:
            otp_login(request, device)
            messages.success(request, "Verifikasi dua langkah aktif untuk akun Anda.")
            return redirect(_next_url(request))
    context = {
        "form": form,
        "qr": qr_svg_data_uri(device.config_url),
        "secret": manual_key(device.bin_key),
        "next": _next_url(request),
    }
    return render(request, "accounts/otp_setup.html", context)


RESET_PHONE_SESSION_KEY = "berdaya_reset_phone"
LOGIN_PREFILL_SESSION_KEY = "berdaya_login_prefill"


def masked_phone(phone: str) -> str:
    """+6285710000012 -> 0857-****-0012: the app's phone format (``|hp``) with the middle group
    hidden, enough to recognise one's own number and no more."""
    shown = format_phone(phone)
    parts = shown.split("-")
    if len(parts) == 3:
        return f"{parts[0]}-{'*' * len(parts[1])}-{parts[2]}"
    return shown[:-4] + "****" if len(shown) > 6 else shown


def reset_code_request_view(request):
    """Forgotten password, step 1: the phone number; a code is sent by WhatsApp/SMS."""
    form = ResetCodeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        try:
            refused = reset_code_request(phone=phone, address=client_address(request))
        except RuleError as exc:
            form.add_error("phone", str(exc))
        else:
            if refused is not None:
                response = render(
                    request,
                    "accounts/reset_code_request.html",
                    {"form": form, "throttled": refused.message},
                    status=429,
                )
                response["Retry-After"] = str(refused.retry_after_seconds)
                return response
            request.session[RESET_PHONE_SESSION_KEY] = normalize_phone(phone)
            return redirect("accounts:password_reset_code_use")
    return render(request, "accounts/reset_code_request.html", {"form": form})


def reset_code_use_view(request):
    """Forgotten password, step 2: the code and the new password."""
    phone = request.session.get(RESET_PHONE_SESSION_KEY)
    if not phone:
        return redirect("accounts:password_reset_code")
    form = ResetCodeUseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reset_code_use(
                phone=phone,
                code=form.cleaned_data["code"],
                password=form.cleaned_data["password1"],
            )
        except RuleError as exc:
            for problem in exc.problems:
                form.add_error(
                    "password1" if problem.field == "password" else "code", problem.message
                )
        else:
            request.session.pop(RESET_PHONE_SESSION_KEY, None)
            request.session[LOGIN_PREFILL_SESSION_KEY] = phone
            messages.success(
                request, "Kata sandi baru tersimpan. Silakan masuk dengan kata sandi itu."
            )
            return redirect("accounts:login")
    context = {"form": form, "masked_phone": masked_phone(phone)}
    return render(request, "accounts/reset_code_use.html", context)
