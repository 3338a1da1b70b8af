"""New-opportunity alerts: in the app at publication, by WhatsApp/SMS as one digest a day.

At publication every fitting partner (a verified business whose owner has a login and has not
turned alerts off) gets an in-app notification and a ``PendingAlert`` row. The digest job sends
each partner at most one WhatsApp/SMS message a day listing their pending opportunities; the
``AlertDigest`` row (unique per user and day) is the limit. Pending alerts of a day whose digest
went out already wait for the next day's run (``manage.py opportunity_alerts``, hourly by cron).
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from berdaya.core.dates import long_date
from berdaya.core.models import OutboundMessage
from berdaya.core.notify import notify_user, outbound_muted
from berdaya.opportunities import rules
from berdaya.opportunities.models import (
    AlertDigest,
    AlertPreference,
    Opportunity,
    OpportunityEvents,
    PendingAlert,
)

DIGEST_LIST = 5  # titles named in one message; the rest are counted


def fitting_partner_users(opportunity: Opportunity, *, actor) -> list:
    """The users owning a verified business that fits ``opportunity``, alerts on."""
    from berdaya.registry.selectors import businesses_visible_to, verified_business_q

    businesses = (
        businesses_visible_to(actor)
        .filter(verified_business_q(), owner__user__isnull=False)
        .select_related("owner__user", "kelurahan", "registration")
    )
    if opportunity.kbli_sections:
        businesses = businesses.filter(kbli_section__in=opportunity.kbli_sections)
    if opportunity.kecamatan_codes:
        businesses = businesses.filter(kelurahan__kecamatan_id__in=opportunity.kecamatan_codes)
    if opportunity.size_classes:
        businesses = businesses.filter(size_class__in=opportunity.size_classes)
    rows = list(businesses)
    facts = rules.facts_for_many(rows)
    off = set(AlertPreference.objects.filter(enabled=False).values_list("user_id", flat=True))
    users = {}
    for b in rows:
        user = b.owner.user
        if user is None or user.pk in off or not user.is_active:
            continue
        if not rules.eligibility_codes(opportunity, facts[b.pk]):
            users[user.pk] = user
    return list(users.values())


def queue_for(opportunity: Opportunity, *, actor) -> int:
    """Inside the publication's transaction: notify in the app and queue the WhatsApp digest."""
    users = fitting_partner_users(opportunity, actor=actor)
    url = reverse("opportunities:detail", args=[opportunity.pk])
    with outbound_muted():  # the WhatsApp copy goes in the daily digest, not one per opportunity
        for user in users:
            notify_user(
                user, title=f"Peluang baru untuk usaha Anda: {opportunity.title}",
                body=f"{opportunity.provider}. Daftar paling lambat "
                f"{long_date(opportunity.deadline)}.", url=url,
            )  # fmt: skip
    PendingAlert.objects.bulk_create(
        [PendingAlert(user=u, opportunity=opportunity) for u in users], ignore_conflicts=True
    )
    from berdaya.core import events

    events.record(opportunity, OpportunityEvents.ALERTS_SENT, actor=actor,
                  data={"partners": len(users)})  # fmt: skip

    def enqueue() -> None:
        send_alert_digests.enqueue()

    if users:
        transaction.on_commit(enqueue)
    return len(users)


def drop_pending(user) -> None:
    PendingAlert.objects.filter(user=user, sent_on__isnull=True).delete()


def _digest_text(opportunities: list[Opportunity]) -> str:
    lines = [f"Berdaya: {len(opportunities)} peluang baru cocok untuk usaha Anda."]
    for o in opportunities[:DIGEST_LIST]:
        lines.append(f"- {o.title} (daftar s.d. {long_date(o.deadline)})")
    if len(opportunities) > DIGEST_LIST:
        lines.append(f"dan {len(opportunities) - DIGEST_LIST} lainnya.")
    base = settings.BERDAYA_PUBLIC_URL.rstrip("/")
    lines.append(f"Lihat: {base}{reverse('opportunities:index')}")
    lines.append(f"Berhenti menerima kabar: {base}{reverse('opportunities:alerts')}")
    return "\n".join(lines)


def send_digests(*, today=None) -> int:
    """One WhatsApp/SMS digest per partner with pending alerts, at most one a day. Returns the
    number of messages queued. Running it twice the same day sends nothing more."""
    today = today or timezone.localdate()
    off = set(AlertPreference.objects.filter(enabled=False).values_list("user_id", flat=True))
    user_ids = set(
        PendingAlert.objects.filter(sent_on__isnull=True).values_list("user_id", flat=True)
    )
    already = set(
        AlertDigest.objects.filter(day=today, user_id__in=user_ids).values_list(
            "user_id", flat=True
        )
    )
    sent = 0
    for user_id in sorted(user_ids - already):
        if user_id in off:
            PendingAlert.objects.filter(user_id=user_id, sent_on__isnull=True).delete()
            continue
        sent += _send_one(user_id, today)
    return sent


@task()
def send_alert_digests() -> int:
    """Send each partner's new-opportunity digest (at most one WhatsApp/SMS a day). The job lives
    here, not in ``tasks``, so that queueing it needs no import of ``tasks`` (no module circle)."""
    return send_digests()


def _send_one(user_id: int, today) -> int:
    with transaction.atomic():
        pending = list(
            PendingAlert.objects.select_for_update(of=("self",))
            .filter(user_id=user_id, sent_on__isnull=True)
            .select_related("opportunity", "user")
        )
        if not pending:
            return 0
        still_open = [
            p.opportunity for p in pending if p.opportunity.current_status(today) == "published"
        ]
        PendingAlert.objects.filter(pk__in=[p.pk for p in pending]).update(sent_on=today)
        user = pending[0].user
        if not still_open or not user.phone:
            return 0
        try:
            with transaction.atomic():
                AlertDigest.objects.create(user=user, day=today, opportunities=len(still_open))
        except IntegrityError:
            transaction.set_rollback(True)
            return 0
        message = OutboundMessage.objects.create(
            channel=OutboundMessage.Channel.WHATSAPP,
            recipient=str(user.phone),
            body=_digest_text(still_open),
        )

        def deliver() -> None:
            from berdaya.core.tasks import deliver_message

            deliver_message.enqueue(message.pk)

        transaction.on_commit(deliver)
    return 1
