"""Seed the two financing products: Kredit Mesra (Bank BJB) and BAZNAS modal usaha."""

from decimal import Decimal

from django.db import migrations

PRODUCTS = [
    {
        "code": "kredit-mesra",
        "name": "Kredit Mesra",
        "lender": "bjb",
        "description": (
            "Kredit Masyarakat Ekonomi Sejahtera dari Bank BJB untuk kelompok 10 orang bertetangga, "
            "tanpa agunan, dengan tanggung renteng."
        ),
        "borrower_type": "group",
        "group_size_min": 10,
        "group_size_max": 10,
        "amount_min_rupiah": 0,
        "amount_max_rupiah": 5_000_000,
        "amount_step_rupiah": 1,
        "collateral_required": False,
        "fee_collection": "spread",
        "instalment_frequency": "monthly",
        "rounding_unit": 1,
        "recommendation_levels": ["rt", "rw", "kelurahan"],
        "allowed_areas": ["rt", "rw", "kelurahan"],
        "training_required": False,
        "joint_liability": True,
        "single_active_application": True,
        "terms": [(6, Decimal("8")), (12, Decimal("8.5"))],
    },
    {
        "code": "baznas-modal-usaha",
        "name": "BAZNAS Modal Usaha",
        "lender": "baznas",
        "description": (
            "Bantuan modal usaha BAZNAS Kota Depok untuk pengusaha baru lulusan pelatihan DKUM. "
            "Jumlah dan jangka waktu masih harus dikonfirmasi dengan BAZNAS."
        ),
        "borrower_type": "individual",
        "group_size_min": 1,
        "group_size_max": 1,
        "amount_min_rupiah": 500_000,
        "amount_max_rupiah": 3_000_000,
        "amount_step_rupiah": 100_000,
        "collateral_required": False,
        "fee_collection": "spread",
        "instalment_frequency": "monthly",
        "rounding_unit": 1,
        "recommendation_levels": ["kelurahan"],
        "allowed_areas": [],
        "training_required": True,
        "joint_liability": False,
        "single_active_application": True,
        "terms": [(10, Decimal("0"))],
    },
]


def seed(apps, schema_editor):
    Product = apps.get_model("financing", "Product")
    ProductTerm = apps.get_model("financing", "ProductTerm")
    Institution = apps.get_model("accounts", "Institution")
    for spec in PRODUCTS:
        spec = dict(spec)
        terms = spec.pop("terms")
        lender = Institution.objects.get(code=spec.pop("lender"))
        product, created = Product.objects.get_or_create(
            code=spec.pop("code"), defaults={**spec, "lender": lender}
        )
        if created:
            for months, fee in terms:
                ProductTerm.objects.create(product=product, months=months, admin_fee_percent=fee)


def unseed(apps, schema_editor):
    apps.get_model("financing", "Product").objects.filter(
        code__in=[p["code"] for p in PRODUCTS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("financing", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
