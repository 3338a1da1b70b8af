from django import template

from berdaya.accounts.office import office_contact

register = template.Library()


@register.simple_tag
def office_info() -> dict:
    """``{% office_info as OFFICE %}``: the office's contact; needs no request context."""
    return office_contact()
