"""Rebuild the dashboard's summary table now (e.g. from cron after a bulk import).

The dashboard rebuilds it by itself when the source tables change or it is older than
``BERDAYA_TARGETS_TALLY_SECONDS``; this command is for imports that edit rows in place.
"""

from django.core.management.base import BaseCommand

from berdaya.targets.tally import tally_rebuild


class Command(BaseCommand):
    help = "Rebuild the targets dashboard summary table (tally) from the source tables."

    def handle(self, *args, **options):
        state = tally_rebuild()
        self.stdout.write(f"Rekap target diperbarui dalam {state.seconds:.2f} detik.")
