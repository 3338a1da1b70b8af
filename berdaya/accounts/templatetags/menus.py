from django import template

register = template.Library()

PARTNER_ROLES = {"pelaku_usaha", "pengurus_koperasi"}
STAFF_ROLES = {"staf_dkum", "admin_dkum"}
TERRITORY_ROLES = {"ketua_rt", "ketua_rw", "petugas_kelurahan"}


@register.simple_tag(takes_context=True)
def menu_for(context) -> dict:
    """``{% menu_for as menu %}``: which groups of menu items the user's roles reach. A user with
    no role yet is treated as a partner (someone who just registered)."""
    roles = set(context.get("MY_ROLES") or ())
    partner = bool(roles & PARTNER_ROLES) or not roles
    staff = bool(roles & STAFF_ROLES)
    return {
        "partner": partner,
        "business_owner": "pelaku_usaha" in roles,
        "staff": staff,
        "admin": "admin_dkum" in roles,
        "territory": bool(roles & TERRITORY_ROLES),
        "institution": "petugas_lembaga" in roles,
        "head": "pimpinan" in roles,
        "cooperative": partner or staff or bool(roles & {"petugas_kelurahan", "pimpinan"}),
        # The dashboard's own rule (targets.selectors.can_see_dashboard, through the portal's
        # context processor): staff limited to one kecamatan are refused it, so not shown it.
        "dashboard": bool(context.get("SEES_DASHBOARD")),
        "registry": staff or "pimpinan" in roles or bool(roles & TERRITORY_ROLES),
        "imports": staff or "pengurus_koperasi" in roles,
        "training": partner or staff,
        "financing": partner
        or staff
        or "petugas_lembaga" in roles
        or bool(roles & TERRITORY_ROLES),
        "opportunities": partner or staff,
    }
