"""Delete expired registration drafts and old throttle counts (run daily, e.g. from cron)."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from berdaya.registry.models import RegistrationAttempt, RegistrationDraft


class Command(BaseCommand):
    help = "Hapus draf pendaftaran yang kedaluwarsa dan catatan percobaan pendaftaran lama."

    def handle(self, *args, **options):
        now = timezone.now()
        drafts, _ = RegistrationDraft.objects.filter(expires_at__lte=now).delete()
        attempts, _ = RegistrationAttempt.objects.filter(
            created_at__lt=now - timedelta(hours=2)
        ).delete()
        self.stdout.write(f"{drafts} draf kedaluwarsa dan {attempts} catatan percobaan dihapus.")
