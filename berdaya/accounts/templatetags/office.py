from django import template
from django.utils.html import format_html

from berdaya.accounts.office import office_contact

register = template.Library()


@register.simple_tag
def office_info() -> dict:
    """``{% office_info as OFFICE %}``: the office's contact; needs no request context."""
    return office_contact()


@register.simple_tag
def office_reach() -> str:
    """``{% office_reach %}``: the office's phone and WhatsApp (linked) and hours, inside a
    sentence that tells a person to contact the office ("... hubungi DKUM di {% office_reach %}").
    The block form with the address is ``includes/office_contact.html``."""
    office = office_contact()
    return format_html(
        'telepon <a href="tel:{}">{}</a> atau WhatsApp <a href="https://wa.me/{}">{}</a> ({})',
        office["phone_tel"],
        office["phone"],
        office["whatsapp_wa"],
        office["whatsapp"],
        office["hours"],
    )
