from django.shortcuts import redirect
from django.urls import reverse

from berdaya.accounts.two_factor import has_enrolled, needs_second_factor

# Paths a half-logged-in user may still reach: the second-factor pages, log out, static files.
OPEN_PREFIXES = ("/akun/2fa/", "/akun/keluar/", "/static/", "/healthz", "/api/", "/i18n/")


class StaffTwoFactorMiddleware:
    """Sends a user who logged in with a password, but still owes a second factor, to the
    second-factor page (or to enrolment when they have no device yet)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PREFIXES)
            and needs_second_factor(user)
        ):
            target = "accounts:otp_verify" if has_enrolled(user) else "accounts:otp_setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
