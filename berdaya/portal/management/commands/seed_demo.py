"""Demo data for a new installation. Idempotent: a second run changes nothing."""

import random

from django.conf import settings
from django.core.management.base import BaseCommand

from berdaya.accounts import demo as accounts_demo
from berdaya.catalog import demo as catalog_demo
from berdaya.cooperatives import demo as cooperatives_demo
from berdaya.core.notify import outbound_muted
from berdaya.financing import demo as financing_demo
from berdaya.opportunities import demo as opportunities_demo
from berdaya.regions.services import regions_load
from berdaya.registry import demo as registry_demo
from berdaya.targets import demo as targets_demo
from berdaya.training import demo as training_demo

# In dependency order: later apps use what earlier ones created.
DEMO_SOURCES = [
    accounts_demo.seed,
    registry_demo.seed,
    training_demo.seed,
    financing_demo.seed,
    targets_demo.seed,
    cooperatives_demo.seed,
    catalog_demo.seed,
    opportunities_demo.seed,
]


class Command(BaseCommand):
    help = "Load demo users and data (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="random seed")

    def handle(self, *args, seed: int, **options):
        # The demo lives in the configured city: its regions first (as ``load_regions`` does).
        regions_load(city_code=settings.BERDAYA_CITY_CODE)
        # Demo people are made up: they get in-app notifications, never emails or WhatsApp.
        with outbound_muted():
            for source in DEMO_SOURCES:
                source(stdout=self.stdout, rng=random.Random(seed))
