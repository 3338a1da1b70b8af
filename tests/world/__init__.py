"""One small world of objects in known scopes, and the personas who look at it.

The world revolves around one entrepreneur, the *owner* (``partner``): a verified pelaku usaha in
Beji (32.76.06.1001) RT 3 / RW 7 with a business (a photo, a monthly report, a pending identity
change), a training enrolment and certificate, and the leader of a Kredit Mesra group whose
application was disbursed (so there are recommendation letters and a loan). A second group of the
owner has a draft application. Neighbours in the same RT lead applications waiting at each step
(RT recommendation, DKUM verification, the lender's decision, disbursement), so that every action
route has an object in the state where its rightful actor may act.

``partner_far`` is the same role elsewhere (Depok Jaya, kecamatan Pancoran Mas) with their own
registration; ``partner_nodata`` is a pelaku usaha with no data at all. The territory, lender and
staff personas come from ``berdaya.core.personas`` plus outsiders of the same role in another area.

Everything is built through the apps' factories and services, once per test module, inside a
transaction that is rolled back at the end (see ``tests/test_route_policies.py``).
"""

from __future__ import annotations

from berdaya.accounts.personas import create_personas
from tests.world import financing, others, registry
from tests.world.base import (
    PDF,
    PERSONAS,
    World,
    _session_for,
    _token_for,
    namespace,
    persona_users,
)


def build_world() -> World:
    """The whole world, built in a fixed order (each step in its app's module)."""
    w = World()
    p = create_personas()
    users = persona_users(p)
    financing.small_groups()
    owner, business = registry.build_owner(w)
    users["partner"] = owner.user
    financing.build_financing(w, p, owner)
    registry.build_submitted(w)
    users["partner_far"] = registry.build_far(w).user
    others.build_training(w, owner)
    registry.build_draft(w)
    others.build_target(w)
    registry.build_revision(w, owner)
    others.build_catalog(w, p, owner.user, business)
    others.build_opportunities(w, p, owner.user, business)
    others.build_cooperatives(w, p, users["coop_board"])
    others.build_imports(w, p)

    w.users = users
    for key, user in users.items():
        w.sessions[key] = _session_for(user)
        w.tokens[key] = _token_for(user)
    return w


__all__ = ["PDF", "PERSONAS", "World", "build_world", "namespace"]
