"""Imports follow the territory scope (issue 8, class 4): registry imports hold rows of the whole
city and are for DKUM staff with the city as reach; a cooperative's member imports are for its
board and for DKUM staff of its area, as ``can_import_members`` says."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from berdaya.accounts.services import role_assign, user_create
from berdaya.cooperatives.tests.helpers import a_cooperative, a_user
from berdaya.core.personas import BEJI_KECAMATAN, DEMO_PASSWORD, DEPOK_JAYA
from berdaya.imports import selectors, services
from berdaya.imports.models import ImportKind
from berdaya.imports.tests.conftest import person_row, upload, xlsx_bytes

pytestmark = pytest.mark.usefixtures("refdata")
PANCORAN_MAS = DEPOK_JAYA.rsplit(".", 1)[0]


def kecamatan_staff(kecamatan: str, phone: str):
    user = user_create(
        full_name=f"Staf {kecamatan}", phone=phone, password=DEMO_PASSWORD, validate=False
    )
    role_assign(user=user, role="staf_dkum", kecamatan_code=kecamatan)
    return user


def an_import(actor, kind, cooperative=None):
    return services.import_create(
        actor=actor, upload=upload(xlsx_bytes([person_row(1)])), kind=kind,
        cooperative_id=cooperative.pk if cooperative else None, start=False, dry_run=True,
    )  # fmt: skip


@pytest.fixture
def imports(personas):
    # given a registry import by city-wide staff and member imports of cooperatives in Beji
    # and in Pancoran Mas
    beji = a_cooperative(board_user=a_user("Pengurus Beji"), staff=personas.staff)
    far = a_cooperative(
        board_user=a_user("Pengurus Depok Jaya"), staff=personas.staff, kelurahan_code=DEPOK_JAYA
    )
    return {
        "registry": an_import(personas.staff, ImportKind.REGISTRY),
        "beji": an_import(personas.staff, ImportKind.COOPERATIVE_MEMBERS, beji),
        "far": an_import(personas.staff, ImportKind.COOPERATIVE_MEMBERS, far),
    }


def test_it_shows_kecamatan_staff_only_the_imports_of_their_area(personas, imports):
    # when staff limited to Pancoran Mas list the imports
    staff = kecamatan_staff(PANCORAN_MAS, "081299991101")
    seen = set(selectors.import_list(staff).values_list("pk", flat=True))
    # then they see the member import of the cooperative in their area only
    assert seen == {imports["far"].pk}
    # and city-wide staff see all three
    assert set(selectors.import_list(personas.staff).values_list("pk", flat=True)) == {
        i.pk for i in imports.values()
    }


def test_it_answers_kecamatan_staff_404_for_imports_outside_their_area(personas, imports):
    staff = kecamatan_staff(BEJI_KECAMATAN, "081299991102")
    client = Client()
    client.force_login(staff)
    # the Beji cooperative's import is theirs; the registry import and Pancoran Mas' are not
    assert client.get(reverse("imports:detail", args=[imports["beji"].pk])).status_code == 200
    for other in ("registry", "far"):
        assert client.get(reverse("imports:detail", args=[imports[other].pk])).status_code == 404


def test_it_refuses_kecamatan_staff_a_registry_import(personas):
    staff = kecamatan_staff(BEJI_KECAMATAN, "081299991103")
    assert not selectors.can_import(staff, ImportKind.REGISTRY)
    assert selectors.can_import(personas.staff, ImportKind.REGISTRY)
    client = Client()
    client.force_login(staff)
    page = client.get(reverse("imports:index")).content.decode()
    assert 'value="registry"' not in page
