"""The staff verification queue on a phone (issue 14, slow-3G walk): the list comes before the
export links, and after a decision the detail page offers the next registration that waits,
the one waiting longest first, within the staff member's scope and the queue's filter."""

import datetime
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from berdaya.registry.models import Registration
from berdaya.registry.tests import factories as f

pytestmark = pytest.mark.django_db

FAR = {"kelurahan_code": "32.76.01.1007", "kecamatan_code": "32.76.01"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sent_days_ago(reg, days):
    when = timezone.now() - datetime.timedelta(days=days)
    Registration.objects.filter(pk=reg.pk).update(submitted_at=when)


def _next_link(html: str) -> str | None:
    marker = 'class="next-waiting"><a href="'
    if marker not in html:
        return None
    return html.split(marker, 1)[1].split('"', 1)[0]


def test_the_list_comes_before_the_export_links(personas):
    f.submit(person={"full_name": "Siti Pertama"})
    html = client_for(personas.staff).get(reverse("registry:queue")).content.decode()
    first_row = html.index("Siti Pertama")
    assert html.index(reverse("registry:queue_export")) > first_row
    assert html.index(reverse("registry:queue_export_csv")) > first_row
    assert "Unduh XLSX" not in html  # a compact line, not two large buttons


def test_after_a_decision_it_offers_the_registration_waiting_longest(personas):
    newer, oldest, middle = f.submit(), f.submit(), f.submit()
    _sent_days_ago(newer, 1)
    _sent_days_ago(oldest, 6)
    _sent_days_ago(middle, 3)
    staff = client_for(personas.staff)
    detail = reverse("registry:detail", args=[newer.pk])
    assert _next_link(staff.get(detail).content.decode()) is None  # not decided yet
    response = staff.post(reverse("registry:review", args=[newer.pk]), {"decision": "verify"})
    html = client_for(personas.staff).get(response["Location"]).content.decode()
    assert _next_link(html) == reverse("registry:detail", args=[oldest.pk])
    staff.post(reverse("registry:review", args=[oldest.pk]), {"decision": "verify"})
    html = staff.get(reverse("registry:detail", args=[oldest.pk])).content.decode()
    assert _next_link(html) == reverse("registry:detail", args=[middle.pk])
    staff.post(reverse("registry:review", args=[middle.pk]), {"decision": "verify"})
    html = staff.get(reverse("registry:detail", args=[middle.pk])).content.decode()
    assert _next_link(html) is None  # nothing else waits


def test_the_next_registration_keeps_the_queue_filter(personas):
    here, far_old, far_new = f.submit(), f.submit(person=FAR), f.submit(person=FAR)
    _sent_days_ago(here, 9)
    _sent_days_ago(far_old, 5)
    _sent_days_ago(far_new, 2)
    staff = client_for(personas.staff)
    back = urlencode({"status": "submitted", "kecamatan": FAR["kecamatan_code"]})
    response = staff.post(
        reverse("registry:review", args=[far_new.pk]), {"decision": "verify", "kembali": back}
    )
    link = _next_link(staff.get(response["Location"]).content.decode())
    assert link and link.startswith(reverse("registry:detail", args=[far_old.pk]) + "?kembali=")
    # without the filter the oldest of all comes next
    html = staff.get(reverse("registry:detail", args=[far_new.pk])).content.decode()
    assert _next_link(html) == reverse("registry:detail", args=[here.pk])


def test_officials_who_cannot_decide_get_no_next_link(personas):
    reg = f.verified(personas.staff)
    f.submit()
    html = client_for(personas.rt_chair).get(reverse("registry:detail", args=[reg.pk]))
    assert _next_link(html.content.decode()) is None
