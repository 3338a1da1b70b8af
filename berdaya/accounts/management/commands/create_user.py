from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from berdaya.accounts.models import Role, User
from berdaya.accounts.phones import normalize_phone
from berdaya.accounts.services import role_assign, user_create
from berdaya.core.errors import ConflictError, RuleError


class Command(BaseCommand):
    help = "Create a user with a role and its scope (or add the role to an existing user)."

    def add_arguments(self, parser):
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--name", required=True)
        parser.add_argument("--phone", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--email")
        parser.add_argument("--kelurahan", help="kode kelurahan, e.g. 32.76.04.1001")
        parser.add_argument("--rw")
        parser.add_argument("--rt")
        parser.add_argument("--kecamatan", help="kode kecamatan, e.g. 32.76.04")
        parser.add_argument("--institution", help="kode lembaga: bjb, baznas")

    def handle(self, *args, **o):
        try:
            with transaction.atomic():
                phone = normalize_phone(o["phone"])
                user = User.objects.filter(phone=phone).first()
                if user is None:
                    user = user_create(
                        full_name=o["name"],
                        phone=phone,
                        password=o["password"],
                        email=o.get("email"),
                        validate=False,
                    )
                assignment = role_assign(
                    user=user,
                    role=o["role"],
                    kecamatan_code=o.get("kecamatan"),
                    kelurahan_code=o.get("kelurahan"),
                    rw=o.get("rw"),
                    rt=o.get("rt"),
                    institution_code=o.get("institution"),
                )
        except (RuleError, ConflictError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{user.full_name} ({user.phone}): {assignment}")
