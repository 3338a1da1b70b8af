"""Hourly by cron: close opportunities past their deadline and send the day's alert digests."""

from django.core.management.base import BaseCommand

from berdaya.opportunities import alerts, services


class Command(BaseCommand):
    help = "Close expired opportunities and send new-opportunity digests (one a day per partner)."

    def handle(self, *args, **options):
        closed = services.opportunities_close_expired()
        sent = alerts.send_digests()
        self.stdout.write(f"{closed} peluang ditutup, {sent} pesan ringkasan dikirim.")
