"""New-opportunity alerts: in the app, and at most one WhatsApp/SMS a day per partner."""

from __future__ import annotations

import datetime

import pytest

from berdaya.core.dates import long_date
from berdaya.core.models import Notification, OutboundMessage
from berdaya.opportunities import alerts, services
from berdaya.opportunities.models import PendingAlert
from berdaya.opportunities.tests.factories import make_partner, today
from berdaya.opportunities.tests.factories import published as make_opportunity

pytestmark = pytest.mark.django_db


def whatsapp_to(user):
    return OutboundMessage.objects.filter(channel="whatsapp", recipient=str(user.phone)).order_by(
        "pk"
    )


def test_it_notifies_the_fitting_partners_only(staff):
    fits = make_partner(gender="P")
    misses = make_partner(gender="L")
    unverified = make_partner(gender="P", verified=False)
    o = make_opportunity(staff, women_only=True)
    assert Notification.objects.filter(user=fits.owner.user, url__contains=f"/{o.pk}/").exists()
    assert not Notification.objects.filter(user=misses.owner.user).exists()
    assert not Notification.objects.filter(user=unverified.owner.user).exists()
    message = whatsapp_to(fits.owner.user).get()
    assert o.title in message.body
    assert message.status == "sent"
    assert not whatsapp_to(misses.owner.user).exists()


def test_it_sends_at_most_one_message_a_day_and_batches_the_rest(staff):
    b = make_partner()
    user = b.owner.user
    first = make_opportunity(staff, title="Bazar pertama")
    second = make_opportunity(staff, title="Pameran kedua")
    third = make_opportunity(staff, title="Program ekspor ketiga")
    assert Notification.objects.filter(user=user).count() == 3  # in the app: each at once
    assert whatsapp_to(user).count() == 1  # WhatsApp: one today
    assert first.title in whatsapp_to(user).get().body
    assert alerts.send_digests() == 0  # a second run the same day sends nothing
    tomorrow = today() + datetime.timedelta(days=1)
    assert alerts.send_digests(today=tomorrow) == 1
    digest = whatsapp_to(user).last().body
    assert second.title in digest and third.title in digest  # batched in one message
    assert "2 peluang baru" in digest
    # dates as everywhere else: the long date, not "30-12-2026" (issue 14)
    assert f"daftar s.d. {long_date(second.deadline)})" in digest
    assert f"{second.deadline:%d-%m-%Y}" not in digest
    assert alerts.send_digests(today=tomorrow) == 0


def test_a_partner_can_turn_alerts_off(staff):
    b = make_partner()
    user = b.owner.user
    services.alerts_set(user=user, enabled=False)
    make_opportunity(staff)
    assert not Notification.objects.filter(user=user).exists()
    assert not whatsapp_to(user).exists()
    services.alerts_set(user=user, enabled=True)
    make_opportunity(staff)
    assert whatsapp_to(user).count() == 1


def test_turning_alerts_off_drops_waiting_ones(staff):
    b = make_partner()
    user = b.owner.user
    make_opportunity(staff)
    make_opportunity(staff)  # waits for tomorrow's digest
    assert PendingAlert.objects.filter(user=user, sent_on__isnull=True).count() == 1
    services.alerts_set(user=user, enabled=False)
    assert alerts.send_digests(today=today() + datetime.timedelta(days=1)) == 0


def test_a_closed_opportunity_is_left_out_of_the_next_digest(staff):
    make_partner()
    make_opportunity(staff)
    late = make_opportunity(staff)
    services.opportunity_cancel(actor=staff, opportunity=late)
    assert alerts.send_digests(today=today() + datetime.timedelta(days=1)) == 0


def test_partners_without_a_login_are_skipped(staff):
    make_partner(with_user=False)
    make_opportunity(staff)
    assert not OutboundMessage.objects.exists()
