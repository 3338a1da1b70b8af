import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse

from berdaya.accounts.selectors import has_role
from berdaya.accounts.two_factor import SECOND_FACTOR_ROLES, has_enrolled, needs_second_factor

STARTED = "berdaya_started"
SEEN = "berdaya_seen"
# The last-seen stamp is written at most this often, so most requests do not save the session.
SEEN_GRANULARITY = 60


@receiver(user_logged_in, dispatch_uid="berdaya-session-stamp")
def _stamp_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[STARTED] = now
        request.session[SEEN] = now


def is_staff_session_user(user) -> bool:
    """Staff roles (those asked for a second factor) and Django admin users."""
    return bool(getattr(user, "is_staff", False)) or has_role(user, *SECOND_FACTOR_ROLES)


class StaffSessionMiddleware:
    """Ends a staff session after ``BERDAYA_STAFF_SESSION_HOURS`` from login (a working day) and
    after ``BERDAYA_STAFF_IDLE_MINUTES`` without a request. Other users keep Django's cookie age."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if session is not None and user is not None and user.is_authenticated:
            now = time.time()
            started = session.get(STARTED)
            seen = session.get(SEEN)
            if is_staff_session_user(user):
                expired = (
                    started is None
                    or seen is None
                    or now - started > settings.BERDAYA_STAFF_SESSION_HOURS * 3600
                    or now - seen > settings.BERDAYA_STAFF_IDLE_MINUTES * 60
                )
                if expired:
                    logout(request)
                    if request.path.startswith("/api/"):
                        # the API answers as to anyone without a session (401 where needed)
                        return self.get_response(request)
                    return self._expired(request)
            if seen is None or now - seen > SEEN_GRANULARITY:
                session[SEEN] = now
                if started is None:
                    session[STARTED] = now
        return self.get_response(request)

    def _expired(self, request):
        message = "Sesi Anda berakhir. Silakan masuk lagi."
        messages.info(request, message)
        return redirect(f"{reverse('accounts:login')}?next={request.get_full_path()}")


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
