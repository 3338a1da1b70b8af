"""Issue 14, the staff verification queue: the longest waiting first with how long against the
promised 3 working days, search by phone in any format, filters kept in the query string, and
the data to check above the decision."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from berdaya.registry import rules
from berdaya.registry.models import Registration
from berdaya.registry.tests import factories as f

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submitted_days_ago(days: int, **kw) -> Registration:
    reg = f.submit(**kw)
    Registration.objects.filter(pk=reg.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=days)
    )
    return Registration.objects.get(pk=reg.pk)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-11-27", "2026-11-30", 1),  # Friday -> Monday
        ("2026-11-30", "2026-11-30", 0),
        ("2026-11-30", "2026-12-03", 3),  # Monday -> Thursday
        ("2026-11-30", "2026-12-07", 5),  # a week
        ("2026-11-28", "2026-11-29", 0),  # Saturday -> Sunday
        ("2026-11-02", "2026-11-30", 20),  # four weeks
    ],
)
def test_working_days_count_monday_to_friday(start, end, expected):
    # Given two dates, when the working days between them are counted, then weekends are not
    d = datetime.date.fromisoformat
    assert rules.working_days_between(d(start), d(end)) == expected


def test_the_queue_opens_on_the_longest_waiting_first_with_the_days_waited(personas):
    # Given three registrations sent 1, 9 and 4 days ago, and one already verified
    recent = submitted_days_ago(1, person={"full_name": "Baru Saja"})
    oldest = submitted_days_ago(9, person={"full_name": "Paling Lama"})
    middle = submitted_days_ago(4, person={"full_name": "Agak Lama"})
    f.verified(personas.staff, person={"full_name": "Sudah Diverifikasi"})
    # When staff open the queue
    response = client_for(personas.staff).get(reverse("registry:queue"))
    # Then only the waiting ones show, the longest waiting first, each with its working days
    assert [r.pk for r in response.context["page"].items] == [oldest.pk, middle.pk, recent.pk]
    html = response.content.decode()
    assert "Sudah Diverifikasi" not in html
    today = timezone.localdate()
    waited = rules.working_days_between(timezone.localdate(oldest.submitted_at), today)
    assert waited > 3
    assert f"menunggu {waited} hari kerja, lewat batas 3 hari" in html
    assert "waiting-late" in html
    # and the registration's page says it too
    detail = client_for(personas.staff).get(reverse("registry:detail", args=[oldest.pk]))
    assert f"menunggu {waited} hari kerja, lewat batas 3 hari" in detail.content.decode()


def test_the_waiting_queue_pages_oldest_first_and_keeps_the_filters(personas):
    # Given 30 waiting registrations of women
    regs = [submitted_days_ago(40 - i) for i in range(30)]
    staff = client_for(personas.staff)
    url = reverse("registry:queue")
    # When staff filter on women and follow "Berikutnya"
    first = staff.get(url, {"status": "submitted", "gender": "P"})
    html = first.content.decode()
    next_link = re.search(r'href="\?([^"]*cursor=[^"]+)">Berikutnya', html)
    assert next_link is not None
    link = next_link.group(1).replace("&amp;", "&")
    assert "gender=P" in link and "status=submitted" in link
    second = staff.get(f"{url}?{link}")
    # Then the second page continues where the first stopped, still filtered
    shown = [r.pk for r in first.context["page"].items] + [
        r.pk for r in second.context["page"].items
    ]
    assert shown == [r.pk for r in regs]
    assert second.context["form"]["gender"].value() == "P"
    # and the filter panel says it is active, and a registration's page leads back to it
    assert "(saringan aktif)" in html
    detail_link = re.search(r'href="(/dkum/mitra/\d+/\?kembali=[^"]+)"', html)
    assert detail_link is not None
    detail = staff.get(detail_link.group(1).replace("&amp;", "&")).content.decode()
    back = re.search(r'href="(/dkum/mitra/\?[^"]+)">« Daftar pendaftaran', detail)
    assert back is not None and "gender=P" in back.group(1).replace("&amp;", "&")


@pytest.mark.parametrize(
    "typed", ["0857 1234 5678", "085712345678", "+62 857-1234-5678", "6285712345678"]
)
def test_staff_find_a_registration_by_phone_however_it_is_written(personas, typed):
    # Given a registration with the phone 0857 1234 5678 and another one
    wanted = f.submit(person={"phone": "0857-1234-5678", "full_name": "Dicari"})
    f.submit(person={"full_name": "Lainnya"})
    # When staff search the phone as typed
    response = client_for(personas.staff).get(reverse("registry:queue"), {"q": typed})
    # Then only that registration is found
    assert [r.pk for r in response.context["page"].items] == [wanted.pk]


def test_the_data_to_check_comes_before_the_decision(personas):
    # Given a waiting registration
    reg = f.submit()
    # When staff open it
    response = client_for(personas.staff).get(reverse("registry:detail", args=[reg.pk]))
    html = response.content.decode()
    # Then the applicant and the business are shown above the decision form
    assert html.index("<h2>Pendaftar</h2>") < html.index("<h2>Usaha</h2>")
    assert html.index("<h2>Usaha</h2>") < html.index("<h2>Keputusan</h2>")


def test_the_queue_counts_no_holiday_as_a_working_day(personas, monkeypatch):
    # Given a registration sent on Monday 16 March 2026 and "today" Wednesday 25 March, seven
    # weekdays over Nyepi, Idulfitri and their cuti bersama (SKB 3 Menteri 2026)
    reg = f.submit(person={"full_name": "Lewat Lebaran"})
    sent = timezone.make_aware(datetime.datetime(2026, 3, 16, 10, 0))
    Registration.objects.filter(pk=reg.pk).update(submitted_at=sent)
    real_localdate = timezone.localdate
    today = datetime.date(2026, 3, 25)
    monkeypatch.setattr(timezone, "localdate", lambda v=None: real_localdate(v) if v else today)
    # When staff open the queue and the registration
    staff = client_for(personas.staff)
    html = staff.get(reverse("registry:queue")).content.decode()
    detail = staff.get(reverse("registry:detail", args=[reg.pk])).content.decode()
    # Then it has waited 2 working days (17 and 25 March), within the promise, not 7
    assert "menunggu 2 hari kerja" in html and "lewat batas" not in html
    assert "menunggu 2 hari kerja" in detail
