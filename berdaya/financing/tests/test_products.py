"""Rules as data are validated data: a typo in a product is a clear message on save (admin and
service), never a server error later nor a product that refuses every group."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from berdaya.core.errors import RuleError
from berdaya.core.models import Event
from berdaya.financing import services
from berdaya.financing.models import Product, ProductTerm

pytestmark = pytest.mark.django_db


@pytest.fixture
def mesra():
    return Product.objects.get(code="kredit-mesra")


def test_the_seeded_products_are_valid():
    for product in Product.objects.all():
        product.full_clean()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("recommendation_levels", ["RT", "rw"]),
        ("recommendation_levels", ["rt", "rt"]),
        ("recommendation_levels", "rt,rw"),
        ("allowed_areas", ["desa"]),
        ("allowed_areas", []),
        ("group_size_min", 0),
        ("group_size_max", 4),  # below the minimum of 5 set below
        ("amount_min_rupiah", -1),
        ("amount_max_rupiah", 0),
        ("amount_max_rupiah", 400_000),  # below the minimum of 500,000 set below
        ("amount_step_rupiah", 0),
        ("amount_step_rupiah", 3_000_000),  # no multiple between 500,000 and 2,000,000
        ("rounding_unit", 0),
    ],
)
def test_it_refuses_a_product_that_cannot_work(mesra, personas, field, value):
    mesra.group_size_min, mesra.group_size_max = 5, 10
    mesra.amount_min_rupiah, mesra.amount_max_rupiah = 500_000, 2_000_000
    mesra.full_clean()  # the starting point is valid
    setattr(mesra, field, value)
    with pytest.raises(ValidationError) as exc:
        mesra.full_clean()
    assert field in exc.value.message_dict
    with pytest.raises(RuleError) as refused:
        services.product_save(product=mesra, user=personas.admin)
    assert {p.code for p in refused.value.problems} == {"product_invalid"}
    assert field in {p.field for p in refused.value.problems}
    mesra.refresh_from_db()
    assert getattr(mesra, field) != value


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("recommendation_levels", []),  # no recommendation needed
        ("recommendation_levels", ["kelurahan", "rt"]),
        ("allowed_areas", ["kelurahan"]),
        ("group_size_min", 10),  # equal to the maximum
        ("amount_min_rupiah", 0),
        ("amount_max_rupiah", 500_000),  # equal to the minimum
        ("amount_step_rupiah", 500_000),
        ("rounding_unit", 1),
    ],
)
def test_it_accepts_the_other_side_of_each_boundary(mesra, personas, field, value):
    mesra.group_size_min, mesra.group_size_max = 5, 10
    mesra.amount_min_rupiah, mesra.amount_max_rupiah = 500_000, 2_000_000
    setattr(mesra, field, value)
    services.product_save(product=mesra, user=personas.admin, changed={field: value})
    mesra.refresh_from_db()
    assert getattr(mesra, field) == value
    event = Event.objects.filter(verb="product_changed", object_id=str(mesra.pk)).last()
    assert event is not None and field in event.data


def test_an_individual_product_is_for_exactly_one_person(personas):
    baznas = Product.objects.get(code="baznas-modal-usaha")
    if baznas.is_group:
        pytest.skip("the seeded Baznas product is a group product")
    baznas.group_size_min = baznas.group_size_max = 2
    with pytest.raises(ValidationError):
        baznas.full_clean()


@pytest.mark.parametrize(
    ("months", "fee", "ok"),
    [(0, "8", False), (1, "8", True), (120, "8", True), (121, "8", False),
     (6, "-0.01", False), (6, "0", True), (6, "100", True), (6, "100.01", False)],
)  # fmt: skip
def test_it_checks_a_term_on_both_sides(mesra, months, fee, ok):
    term = ProductTerm(product=mesra, months=months, admin_fee_percent=Decimal(fee))
    if ok:
        term.clean()
    else:
        with pytest.raises(ValidationError):
            term.clean()


def test_it_shows_a_typo_as_a_form_error_in_the_admin(mesra, personas, page):
    client = page(personas.admin)
    url = f"/admin/financing/product/{mesra.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data.update(lender=mesra.lender_id)
    data["recommendation_levels"] = '["rt", "RW"]'  # the typo
    data["allowed_areas"] = '["rt", "rw", "kelurahan"]'
    data = {k: v for k, v in data.items() if v is not None and v is not False}
    data.update(
        {
            "terms-TOTAL_FORMS": 0,
            "terms-INITIAL_FORMS": 0,
            "terms-MIN_NUM_FORMS": 0,
            "terms-MAX_NUM_FORMS": 1000,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200  # the form again with the message, not a server error
    assert "tidak dikenal" in response.content.decode()
    mesra.refresh_from_db()
    assert mesra.recommendation_levels == ["rt", "rw", "kelurahan"]
