"""Issue 14, consistency: phone numbers are shown as people write them, 0812-3456-7890."""

import pytest
from django.template import Context, Template

from berdaya.core.phones import format_phone


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+6281234567890", "0812-3456-7890"),
        ("6281234567890", "0812-3456-7890"),
        ("081234567890", "0812-3456-7890"),
        ("+628123456789", "0812-3456-789"),
        ("+62812345678901", "0812-3456-78901"),
        ("(021) 2967 3000", "(021) 2967 3000"),  # a landline as given
        ("", ""),
        (None, ""),
    ],
)
def test_it_shows_a_phone_as_people_write_it(stored, shown):
    assert format_phone(stored) == shown


def test_the_template_filter_is_there_for_every_template():
    assert Template("{{ p|hp }}").render(Context({"p": "+6285710000001"})) == "0857-1000-0001"


@pytest.mark.django_db
def test_the_partner_and_staff_pages_show_the_phone_so(personas):
    from django.test import Client
    from django.urls import reverse

    from berdaya.registry.tests import factories as f

    reg = f.submit()
    shown = format_phone(reg.person.phone)
    assert shown.count("-") == 2
    owner, staff = Client(), Client()
    owner.force_login(reg.person.user)
    staff.force_login(personas.staff)
    assert f"<dd>{shown}</dd>" in owner.get(reverse("registry:dashboard")).content.decode()
    detail = staff.get(reverse("registry:detail", args=[reg.pk])).content.decode()
    assert f"<dd>{shown}</dd>" in detail
