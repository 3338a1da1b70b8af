from decimal import Decimal

import pytest

from berdaya.financing.models import Application, BorrowerType, Product, Status

pytestmark = pytest.mark.django_db


def test_it_seeds_kredit_mesra_with_depok_rules():
    product = Product.objects.get(code="kredit-mesra")
    assert product.lender.code == "bjb"
    assert product.borrower_type == BorrowerType.GROUP
    assert (product.group_size_min, product.group_size_max) == (10, 10)
    assert product.amount_max_rupiah == 5_000_000
    assert product.fee_percent(6) == Decimal("8")
    assert product.fee_percent(12) == Decimal("8.5")
    assert product.recommendation_levels == ["rt", "rw", "kelurahan"]
    assert product.joint_liability and product.single_active_application


def test_it_seeds_baznas_for_trained_individuals():
    product = Product.objects.get(code="baznas-modal-usaha")
    assert product.lender.code == "baznas"
    assert product.borrower_type == BorrowerType.INDIVIDUAL
    assert product.training_required
    assert product.recommendation_levels == ["kelurahan"]


def test_it_has_exactly_the_issue_statuses():
    assert set(Status.values) == {
        "draft",
        "awaiting_recommendation",
        "awaiting_verification",
        "forwarded",
        "approved",
        "partially_approved",
        "rejected",
        "disbursed",
        "closed",
        "needs_revision",
        "withdrawn",
    }
    assert Application._meta.get_field("status").choices


def test_it_keeps_a_history_of_product_edits_in_the_admin(personas):
    from berdaya.core.models import Event
    from berdaya.financing.tests.factories import logged_in_client

    client = logged_in_client(personas.admin)
    baznas = Product.objects.get(code="baznas-modal-usaha")
    page = client.get(f"/admin/financing/product/{baznas.pk}/change/")
    assert "dikonfirmasi dengan BAZNAS" in page.content.decode()
    mesra = Product.objects.get(code="kredit-mesra")
    page = client.get(f"/admin/financing/product/{mesra.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data.update(lender=mesra.lender_id, amount_max_rupiah=4_000_000)
    data["recommendation_levels"] = '["rt", "rw", "kelurahan"]'
    data["allowed_areas"] = '["rt", "rw", "kelurahan"]'
    data = {k: v for k, v in data.items() if v is not None and v is not False}
    terms = list(mesra.terms.all())
    data.update(
        {
            "terms-TOTAL_FORMS": len(terms),
            "terms-INITIAL_FORMS": len(terms),
            "terms-MIN_NUM_FORMS": 0,
            "terms-MAX_NUM_FORMS": 1000,
        }
    )
    for i, term in enumerate(terms):
        data.update(
            {
                f"terms-{i}-id": term.pk,
                f"terms-{i}-product": mesra.pk,
                f"terms-{i}-months": term.months,
                f"terms-{i}-admin_fee_percent": term.admin_fee_percent,
            }
        )
    response = client.post(f"/admin/financing/product/{mesra.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    mesra.refresh_from_db()
    assert mesra.amount_max_rupiah == 4_000_000
    event = Event.objects.get(verb="product_changed", object_id=str(mesra.pk))
    assert event.actor == personas.admin and "amount_max_rupiah" in event.data
