"""``{% menu_for %}``: the header menu of each role (issue 14: each role sees its own menu)."""

from django import template

from berdaya.cooperatives.selectors import managed_by, memberships_for_user
from berdaya.financing.selectors import has_own_financing
from berdaya.imports.selectors import can_use_imports
from berdaya.registry.selectors import is_verified_partner, person_for_user

register = template.Library()

PARTNER_ROLES = {"pelaku_usaha", "pengurus_koperasi"}
STAFF_ROLES = {"staf_dkum", "admin_dkum"}
TERRITORY_ROLES = {"ketua_rt", "ketua_rw", "petugas_kelurahan"}


class _PartnerUse:
    """What a partner (not staff) can use, read only when the menu asks (issue 14: a newcomer
    whose registration still waits gets no "Koperasi", "Peluang" or "Pelatihan saya"). Each
    answer follows the page's own rule:

    - Peluang: only for verified partners (opportunities/index.html says so to the others);
    - Pelatihan saya: a verified partner, or someone already enrolled (their trainings and
      certificates are there);
    - Koperasi: a verified partner, a cooperative's board member or a member (what the page
      shows them), or a pengurus koperasi;
    - Pembiayaan: a verified partner (who may form a group and apply), or someone with an
      invitation, a group, an application or a loan there (``financing.selectors.
      has_own_financing``): a newcomer whose registration waits can do nothing there yet.
    """

    def __init__(self, user):
        self.user = user
        self._person = self._verified = None
        self._person_read = False

    @property
    def person(self):
        if not self._person_read:
            self._person = person_for_user(self.user) if self.user.is_authenticated else None
            self._person_read = True
        return self._person

    @property
    def verified(self) -> bool:
        if self._verified is None:
            self._verified = is_verified_partner(self.person)
        return self._verified

    def enrolled(self) -> bool:
        return self.person is not None and self.person.training_enrollments.exists()

    def in_a_cooperative(self) -> bool:
        return managed_by(self.user).exists() or memberships_for_user(self.user).exists()

    def in_financing(self) -> bool:
        return has_own_financing(self.user)


@register.simple_tag(takes_context=True)
def menu_for(context) -> dict:
    """``{% menu_for as menu %}``: which groups of menu items the user's roles reach, and, for a
    partner, only the pages they can use yet (``_PartnerUse``). A user with no role yet is
    treated as a partner (someone who just registered)."""
    roles = set(context.get("MY_ROLES") or ())
    partner = bool(roles & PARTNER_ROLES) or not roles
    staff = bool(roles & STAFF_ROLES)
    use = _PartnerUse(context.get("user") or getattr(context.get("request"), "user", None))
    partner_uses = partner and not staff
    return {
        "partner": partner,
        "business_owner": "pelaku_usaha" in roles,
        "staff": staff,
        "admin": "admin_dkum" in roles,
        "territory": bool(roles & TERRITORY_ROLES),
        "institution": "petugas_lembaga" in roles,
        "head": "pimpinan" in roles,
        "cooperative": staff
        or bool(roles & {"petugas_kelurahan", "pimpinan", "pengurus_koperasi"})
        or (partner_uses and (use.verified or use.in_a_cooperative())),
        # The dashboard's own rule (targets.selectors.can_see_dashboard, through the portal's
        # context processor): staff limited to one kecamatan are refused it, so not shown it.
        "dashboard": bool(context.get("SEES_DASHBOARD")),
        "registry": staff or "pimpinan" in roles or bool(roles & TERRITORY_ROLES),
        # The imports page's own rule: staff, or a board that keeps a cooperative.
        "imports": staff or ("pengurus_koperasi" in roles and can_use_imports(use.user)),
        "training": staff or (partner_uses and (use.verified or use.enrolled())),
        "financing": staff
        or bool(roles & {"petugas_lembaga", "pimpinan"})
        or bool(roles & TERRITORY_ROLES)
        or (partner_uses and (use.verified or use.in_financing())),
        "opportunities": staff or (partner_uses and use.verified),
    }
