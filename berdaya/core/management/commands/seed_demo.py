"""Demo data for a new installation. Idempotent: a second run changes nothing."""

import random

from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from berdaya.core.notify import outbound_muted

# In dependency order: later apps use what earlier ones created.
DEMO_SOURCES = [
    "berdaya.accounts.demo.seed",
    "berdaya.registry.demo.seed",
    "berdaya.training.demo.seed",
    "berdaya.financing.demo.seed",
    "berdaya.targets.demo.seed",
]


class Command(BaseCommand):
    help = "Load demo users and data (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="random seed")

    def handle(self, *args, seed: int, **options):
        # Demo people are made up: they get in-app notifications, never emails or WhatsApp.
        with outbound_muted():
            for path in DEMO_SOURCES:
                import_string(path)(stdout=self.stdout, rng=random.Random(seed))
