"""Who may use each route: the declared policy of every page and every API operation.

``tests/test_route_policies.py`` walks the URL configuration and the API's routers; a route with
no entry in this package fails that test. Each app declares its routes in its own module
(``accounts``, ``registry``, ``training``, ``financing``, ``targets``, ``catalog``,
``opportunities``, ``cooperatives``, ``imports``); the persona groups and ``page`` / ``op`` are in
``base``; this module joins them into ``PAGES`` and ``API`` (a route declared twice is an error).
To declare a new route, add one line to the app module's ``PAGES`` (keyed by the route pattern
exactly as Django prints it, e.g. ``"pembiayaan/pengajuan/<int:pk>/"``) or ``API`` (keyed by
``"METHOD /path"`` as the router declares it, e.g.
``"POST /financing/applications/{application_id}/submit"``)::

    "pelatihan/angkatan/<int:pk>/peserta/": page(STAFF, args={"pk": "batch"}),
    "GET /financing/loans/{loan_id}": op(OWNER | DASH | LENDER, args={"loan_id": "loan"}),

- ``allow`` is the set of personas (``tests/world/``) the route is meant for, as the design
  states it (DESIGN.md section 1 and the issues), not as the code happens to behave. Everyone
  else must be refused: the anonymous visitor with 401 (API) or a redirect to the login page /
  403 / 404 (pages); a logged-in persona with 403 or 404. An allowed persona must not get
  401/403/404, a redirect to the login page, or 405; nobody may get a 500.
- ``args`` maps the route's parameters to objects of the world (``World.ids``) in the owner's
  scope, chosen in the state where the rightful actor may act; a literal value is ``Lit("x")``.
  ``data`` is the POST/JSON body; a string ``"@name"`` in it is replaced by ``World.ids[name]``.
- ``post=True`` marks a page that only accepts POST: it is checked with POST, and a refused
  persona must not get a 200 from GET either. ``form=True`` marks a GET page with a form: a
  refused persona is also refused on POST.
- ``marker``/``seen_by`` (lists): the world's text (``World.text``) that only ``seen_by`` may find
  in the answer; any other allowed persona gets the list without it.
- ``rule_refusal=True`` (creating something, where there is no object whose existence could
  leak): a refused persona may also be told by the rule itself, 422 with its code (e.g.
  ``member_not_verified`` for someone who is not a verified partner).
- ``either``: personas whose answer depends on a business rule rather than on who they are (only
  "never a 500" is checked); keep it rare and say why in a comment.
- ``bugs``: ``{persona: "reason"}`` where the code does not yet do what the policy says. The case
  runs as ``xfail(strict=True)``: when the bug is fixed the case passes, the strict xfail fails,
  and the entry must be removed.
"""

from __future__ import annotations

from tests.route_policies import (
    accounts,
    catalog,
    cooperatives,
    financing,
    imports,
    opportunities,
    registry,
    targets,
    training,
)
from tests.route_policies.base import Lit, Policy

MODULES = (
    accounts,
    registry,
    training,
    financing,
    targets,
    catalog,
    opportunities,
    cooperatives,
    imports,
)


def _merged(kind: str) -> dict[str, Policy]:
    """One table of every app's ``PAGES`` or ``API``; a route declared twice is an error."""
    merged: dict[str, Policy] = {}
    for module in MODULES:
        for key, policy in getattr(module, kind).items():
            if key in merged:
                raise ValueError(f"{kind} {key!r} is declared twice (in {module.__name__})")
            merged[key] = policy
    return merged


PAGES = _merged("PAGES")
API = _merged("API")

__all__ = ["API", "PAGES", "Lit", "Policy"]
