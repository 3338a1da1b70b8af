"""One role assignment per (user, role, scope): ``role_assign`` gives the same row twice, the
database refuses a second row even where the scope's columns are empty (NULL). Two at the same
moment: ``test_concurrency_role_assign.py``."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from berdaya.accounts.models import Role, RoleAssignment, ScopeKind
from berdaya.accounts.services import role_assign
from berdaya.core.personas import KUKUSAN


def test_assigning_the_same_role_and_scope_twice_gives_the_same_row(personas):
    first = role_assign(user=personas.rt_chair, role="ketua_rt", kelurahan_code=KUKUSAN, rw=7, rt=3)
    again = role_assign(user=personas.rt_chair, role="ketua_rt", kelurahan_code=KUKUSAN, rw=7, rt=3)
    assert again.pk == first.pk


@pytest.mark.parametrize(
    "scope",
    [
        {"scope": ScopeKind.CITY},  # every scope column empty
        {"scope": ScopeKind.RW, "kelurahan_id": KUKUSAN, "rw": 7},  # RT empty
    ],
    ids=["city", "rw"],
)
def test_the_database_refuses_a_second_row_of_the_same_role_and_scope(personas, scope):
    # given a staff role with its scope
    user = personas.outsider
    RoleAssignment.objects.create(user=user, role=Role.STAF_DKUM, **scope)
    # when a second row of the same user, role and scope is written past role_assign
    # then the database refuses it, though the empty columns are NULL
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.STAF_DKUM, **scope)
    # and another scope or another role is still welcome
    RoleAssignment.objects.create(user=user, role=Role.STAF_DKUM, scope=ScopeKind.KECAMATAN,
                                  kecamatan_id=KUKUSAN[:8])  # fmt: skip
    RoleAssignment.objects.create(user=user, role=Role.ADMIN_DKUM, **scope)
