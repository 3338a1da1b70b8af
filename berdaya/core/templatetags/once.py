"""``{% once_token %}``: the hidden one-time token of a form (see ``berdaya.core.once``)."""

from django import template
from django.utils.safestring import SafeString

from berdaya.core.once import token_input

register = template.Library()


@register.simple_tag
def once_token() -> SafeString:
    return token_input()
