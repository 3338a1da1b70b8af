"""The scope matrix: each role reaches its own territory or institution, and nothing else."""

import datetime

import pytest

from berdaya.accounts.models import Role
from berdaya.accounts.selectors import covers_address, institution_codes, territory_q
from berdaya.core.personas import BEJI, DEPOK_JAYA, KUKUSAN
from berdaya.registry.models import Person

ADDRESSES = {
    "beji_rw7_rt3": (BEJI, 7, 3),
    "beji_rw7_rt4": (BEJI, 7, 4),
    "beji_rw8_rt3": (BEJI, 8, 3),
    "kukusan_rw7_rt3": (KUKUSAN, 7, 3),
    "depokjaya_rw2_rt1": (DEPOK_JAYA, 2, 1),
}

# persona -> the addresses its role reaches
EXPECTED = {
    "rt_chair": {"beji_rw7_rt3"},
    "other_rt_chair": {"beji_rw7_rt4"},
    "far_rt_chair": {"depokjaya_rw2_rt1"},
    "rw_chair": {"beji_rw7_rt3", "beji_rw7_rt4"},
    "kelurahan_officer": {"beji_rw7_rt3", "beji_rw7_rt4", "beji_rw8_rt3"},
    "staff": set(ADDRESSES),
    "admin": set(ADDRESSES),
    "head": set(ADDRESSES),
    "bank_officer": set(),
    "baznas_officer": set(),
    "outsider": set(),
}
ALL_ROLES = list(Role.values)


@pytest.fixture
def people(db):
    for index, (key, (kel, rw, rt)) in enumerate(ADDRESSES.items()):
        Person.objects.create(
            nik=f"32760{index:02d}101900001"[:16].ljust(16, "1"),
            full_name=key,
            gender="L",
            birth_date=datetime.date(1990, 1, 1),
            phone=f"+62812000090{index:02d}",
            kelurahan_id=kel,
            rw=rw,
            rt=rt,
        )


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_it_narrows_persons_to_the_roles_territory(personas, people, persona):
    user = getattr(personas, persona)
    visible = set(
        Person.objects.filter(territory_q(user, ALL_ROLES)).values_list("full_name", flat=True)
    )
    assert visible == EXPECTED[persona]


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_it_answers_the_same_for_a_single_address(personas, persona):
    user = getattr(personas, persona)
    for key, (kel, rw, rt) in ADDRESSES.items():
        reached = any(
            covers_address(user, role, kelurahan_code=kel, rw=rw, rt=rt) for role in ALL_ROLES
        )
        assert reached == (key in EXPECTED[persona]), key


def test_it_limits_a_role_to_the_roles_asked_for(personas, people):
    # The RW chair's territory does not count when only RT chairs are asked for.
    assert not Person.objects.filter(territory_q(personas.rw_chair, [Role.KETUA_RT])).exists()


def test_it_knows_the_lenders_institution(personas):
    assert institution_codes(personas.bank_officer) == {"bjb"}
    assert institution_codes(personas.baznas_officer) == {"baznas"}
    assert institution_codes(personas.staff) == set()


def test_it_sees_nothing_for_an_anonymous_user(people):
    from django.contrib.auth.models import AnonymousUser

    assert not Person.objects.filter(territory_q(AnonymousUser(), ALL_ROLES)).exists()


def test_it_unites_the_territories_of_several_roles(personas, people):
    from berdaya.accounts.services import role_assign

    role_assign(user=personas.rt_chair, role="ketua_rt", kelurahan_code=KUKUSAN, rw=7, rt=3)
    personas.rt_chair._berdaya_roles = None
    visible = set(
        Person.objects.filter(territory_q(personas.rt_chair, ALL_ROLES)).values_list(
            "full_name", flat=True
        )
    )
    assert visible == {"beji_rw7_rt3", "kukusan_rw7_rt3"}
