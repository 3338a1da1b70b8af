"""Send training reminders (run hourly from cron): ``manage.py training_reminders``."""

from django.core.management.base import BaseCommand

from berdaya.training import services


class Command(BaseCommand):
    help = "Ingatkan peserta pelatihan yang sesinya mulai dalam 24 jam (sekali per peserta)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="jendela pengingat (jam)")

    def handle(self, *args, hours: int, **options):
        sent = services.reminders_send(hours_ahead=hours)
        self.stdout.write(f"Pengingat terkirim: {sent}")
