from django.core.management.base import BaseCommand, CommandError

from berdaya.core.errors import RuleError
from berdaya.regions.services import regions_load


class Command(BaseCommand):
    help = "Load (or refresh) the kecamatan and kelurahan of a kabupaten/kota, e.g. 32.76."

    def add_arguments(self, parser):
        parser.add_argument("code", help="Kemendagri code of the kabupaten/kota, e.g. 32.76")

    def handle(self, *args, code: str, **options):
        try:
            result = regions_load(city_code=code)
        except RuleError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{result.city_name}: {result.kecamatan} kecamatan, {result.kelurahan} kelurahan "
            f"({result.created} baru, {result.updated} sudah ada)."
        )
