from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

from berdaya.accounts.forms import LoginForm, OtpForm
from berdaya.accounts.two_factor import (
    has_enrolled,
    totp_device_confirm,
    totp_device_pending,
    verify_second_factor,
)
from berdaya.core.errors import RuleError
from berdaya.core.pdf import qr_svg_data_uri


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


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
        "secret": device.bin_key.hex(),
        "next": _next_url(request),
    }
    return render(request, "accounts/otp_setup.html", context)
