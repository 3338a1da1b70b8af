"""The same role and scope given to a user twice at the same moment, on PostgreSQL: the unique
constraint ``role_assignment_once`` makes the second ``get_or_create`` find the first's row, so
one row is left. Fails without the constraint (checked by removing it: two rows)."""

from __future__ import annotations

from berdaya.accounts.models import RoleAssignment
from berdaya.accounts.services import role_assign
from berdaya.core.personas import KUKUSAN
from berdaya.core.tests.concurrency import MARKS, run_together

pytestmark = MARKS


def test_two_assignments_at_the_same_moment_leave_one_row(personas):
    # when the same role and scope are given to a user twice at the same moment
    def assign():
        role_assign(user=personas.outsider, role="ketua_rw", kelurahan_code=KUKUSAN, rw=4)

    results, errors = run_together(assign, assign)
    # then both answer with the assignment, and there is one row
    assert errors == [] and results == ["ok", "ok"]
    assert RoleAssignment.objects.filter(user=personas.outsider, role="ketua_rw").count() == 1
