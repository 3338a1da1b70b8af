"""Registration events (issue 13): DKUM staff open a registration day at a venue, during which
the venue's shared address gets its own allowance (``services.throttle``)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone

from berdaya.accounts.selectors import is_staff
from berdaya.core.errors import RuleError
from berdaya.core.once import once_per_token
from berdaya.registry import services
from berdaya.registry.models import RegistrationEvent

LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RegistrationEventForm(forms.Form):
    name = forms.CharField(label="Nama acara", max_length=150)
    place = forms.CharField(
        label="Tempat", max_length=255, help_text="Misalnya Aula Kelurahan Beji."
    )
    client_address = forms.CharField(
        label="Alamat IP publik tempat acara",
        max_length=64,
        help_text="Alamat jaringan Wi-Fi tempat acara, seperti terlihat dari internet.",
    )
    starts_at = forms.DateTimeField(label="Mulai", widget=LOCAL)
    ends_at = forms.DateTimeField(label="Selesai", widget=LOCAL)
    allowance_per_minute = forms.IntegerField(
        label="Batas pendaftaran per menit", min_value=1, initial=60
    )


@login_required
@once_per_token
def registration_events(request):
    """The registration events, upcoming and recent, and the form to open one (staff only)."""
    if not is_staff(request.user):
        raise PermissionDenied
    form = RegistrationEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.registration_event_open(actor=request.user, **form.cleaned_data)
        except RuleError as exc:
            for problem in exc.problems:
                field = problem.field if problem.field in form.fields else None
                form.add_error(field, problem.message)
        else:
            messages.success(request, f"Acara pendaftaran {event.name} dibuka.")
            return redirect("registry:registration_events")
    since = timezone.now() - timedelta(days=30)
    items = RegistrationEvent.objects.filter(ends_at__gte=since).order_by("-starts_at")[:50]
    status = 422 if request.method == "POST" else 200
    return render(
        request, "registry/registration_events.html", {"form": form, "items": items}, status=status
    )
