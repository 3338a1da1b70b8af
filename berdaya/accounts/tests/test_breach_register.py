"""The breach register of the data protection officer: a 3 x 24-hour deadline per breach."""

from datetime import timedelta

from django.utils import timezone

from berdaya.accounts.models import BreachReport, BreachStatus


def test_it_computes_the_3x24_hour_deadline(db):
    found = timezone.now() - timedelta(hours=71)
    report = BreachReport.objects.create(
        summary="Ekspor NIK terkirim ke alamat salah", discovered_at=found
    )
    assert report.notification_deadline == found + timedelta(hours=72)
    assert report.is_overdue is False
    report.discovered_at = timezone.now() - timedelta(hours=73)
    assert report.is_overdue is True
    report.notified_at = report.discovered_at + timedelta(hours=70)
    assert report.is_overdue is False


def test_the_admin_records_a_breach_with_the_reporter_and_contact(client, personas, settings):
    settings.BERDAYA_DPO_CONTACT = "dpo@depok.go.id"
    client.force_login(personas.admin)
    page = client.get("/admin/accounts/breachreport/add/")
    assert page.status_code == 200
    assert "dpo@depok.go.id" in page.content.decode()
    now = timezone.localtime()
    response = client.post(
        "/admin/accounts/breachreport/add/",
        {
            "summary": "Laptop staf hilang",
            "discovered_at_0": now.strftime("%d-%m-%Y"),
            "discovered_at_1": now.strftime("%H:%M:%S"),
            "subjects_affected": "40",
            "status": BreachStatus.NOTIFIED,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    report = BreachReport.objects.get()
    assert report.reported_by == personas.admin and report.notified_at is not None
    listing = client.get("/admin/accounts/breachreport/")
    assert "Laptop staf hilang" in listing.content.decode()


def test_only_the_admin_reaches_the_register(client, personas):
    client.force_login(personas.staff)
    assert client.get("/admin/accounts/breachreport/").status_code == 302
