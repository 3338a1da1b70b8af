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
