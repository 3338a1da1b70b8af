"""Curation steps, every wrong-status refusal (409), pending edits and the hiding rules."""

from __future__ import annotations

import pytest

from berdaya.catalog import selectors, services
from berdaya.catalog.models import HiddenBy, Product, ProductEvents, ProductStatus
from berdaya.catalog.tests import helpers
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.events import timeline
from berdaya.core.models import Notification
from berdaya.registry.models import RegistrationStatus

pytestmark = pytest.mark.django_db


def _set_status(product, status, **extra):
    Product.objects.filter(pk=product.pk).update(status=status, **extra)
    product.refresh_from_db()
    return product


def test_it_creates_a_draft_for_the_owner_of_a_verified_business(people):
    product = helpers.make_product(people.partner, people.partner_reg.business)
    assert product.status == ProductStatus.DRAFT
    assert product.whatsapp == "+6281234567890"
    assert product.storefront.slug == "kue-basah-bu-siti"
    assert [e.verb for e in timeline(product)] == [ProductEvents.CREATED]


def test_it_refuses_a_business_whose_registration_is_not_verified(people):
    with pytest.raises(RuleError) as err:
        helpers.make_product(people.applicant, people.applicant_reg.business)
    assert err.value.codes == ["business_not_verified"]
    assert not Product.objects.exists()


def test_it_refuses_someone_elses_business(people):
    with pytest.raises(AccessDenied):
        helpers.make_product(people.other_partner, people.partner_reg.business)
    with pytest.raises(AccessDenied):
        helpers.make_product(people.staff, people.partner_reg.business)


def test_it_walks_draft_review_publish_and_notifies_the_owner(people, draft):
    product = services.product_submit(actor=people.partner, product=draft)
    assert product.status == ProductStatus.IN_REVIEW
    product = services.product_curate(actor=people.staff, product=product, decision="publish")
    assert product.status == ProductStatus.PUBLISHED and product.published_at
    assert selectors.product_public_get(product.pk) is not None
    assert Notification.objects.filter(user=people.partner, title__contains="tayang").exists()
    verbs = [e.verb for e in timeline(product)]
    assert verbs == [ProductEvents.CREATED, ProductEvents.SUBMITTED, ProductEvents.PUBLISHED]


def test_it_sends_back_with_a_note_and_accepts_a_resubmission(people, draft):
    services.product_submit(actor=people.partner, product=draft)
    with pytest.raises(RuleError) as err:
        services.product_curate(actor=people.staff, product=draft, decision="needs_changes")
    assert err.value.codes == ["note_required"]
    product = services.product_curate(
        actor=people.staff, product=draft, decision="needs_changes", note="Tambah foto kemasan"
    )
    assert product.status == ProductStatus.NEEDS_CHANGES
    assert product.curator_note == "Tambah foto kemasan"
    assert services.product_submit(actor=people.partner, product=product).status == "in_review"


def test_it_hides_a_published_product_by_staff_with_a_reason(people, published):
    with pytest.raises(RuleError):
        services.product_curate(actor=people.staff, product=published, decision="hide")
    product = services.product_curate(
        actor=people.staff, product=published, decision="hide", note="Foto milik orang lain"
    )
    assert product.status == ProductStatus.HIDDEN and product.hidden_by == HiddenBy.STAFF
    assert selectors.product_public_get(product.pk) is None


def test_it_lets_the_partner_hide_and_resubmit(people, published):
    product = services.product_hide(actor=people.partner, product=published, reason="Libur")
    assert product.status == ProductStatus.HIDDEN and product.hidden_by == HiddenBy.PARTNER
    assert services.product_submit(actor=people.partner, product=product).status == "in_review"


@pytest.mark.parametrize(
    ("status", "decision"),
    [
        ("draft", "publish"),
        ("draft", "needs_changes"),
        ("draft", "hide"),
        ("in_review", "hide"),
        ("published", "publish"),
        ("published", "needs_changes"),
        ("needs_changes", "publish"),
        ("needs_changes", "needs_changes"),
        ("needs_changes", "hide"),
        ("hidden", "publish"),
        ("hidden", "needs_changes"),
        ("hidden", "hide"),
    ],
)
def test_it_refuses_a_curation_step_from_the_wrong_status(people, draft, status, decision):
    product = _set_status(draft, status)
    with pytest.raises(ConflictError) as err:
        services.product_curate(actor=people.staff, product=product, decision=decision, note="x")
    assert err.value.code == "wrong_status"
    product.refresh_from_db()
    assert product.status == status


@pytest.mark.parametrize("status", ["in_review", "published"])
def test_it_refuses_to_submit_from_the_wrong_status(people, draft, status):
    product = _set_status(draft, status)
    with pytest.raises(ConflictError):
        services.product_submit(actor=people.partner, product=product)


@pytest.mark.parametrize("status", ["draft", "needs_changes", "hidden"])
def test_it_refuses_to_hide_from_the_wrong_status(people, draft, status):
    product = _set_status(draft, status)
    with pytest.raises(ConflictError):
        services.product_hide(actor=people.partner, product=product)


def test_it_refuses_curation_by_anyone_but_staff(people, draft):
    services.product_submit(actor=people.partner, product=draft)
    for user in (people.partner, people.head, people.rt_chair, people.bank_officer):
        with pytest.raises(AccessDenied):
            services.product_curate(actor=user, product=draft, decision="publish")


def test_it_refuses_writes_by_someone_other_than_the_owner(people, draft):
    for user in (people.other_partner, people.staff, people.outsider):
        with pytest.raises(AccessDenied):
            services.product_update(actor=user, product=draft, data={"name": "X"})
        with pytest.raises(AccessDenied):
            services.product_submit(actor=user, product=draft)


def test_it_keeps_the_published_version_while_an_edit_is_pending(people, published):
    product = services.product_update(
        actor=people.partner,
        product=published,
        data={"name": "Keripik Pedas Baru", "price_rupiah": 99000},
    )
    assert product.status == ProductStatus.PUBLISHED and product.pending_edit
    public = selectors.product_public_get(product.pk)
    assert public is not None
    assert public.name == "Keripik Singkong Balado" and public.price_rupiah == 85000
    for_staff = selectors.product_get(people.staff, product.pk)
    assert for_staff is not None
    diff = selectors.pending_differences(for_staff)
    assert ("nama produk", "Keripik Singkong Balado", "Keripik Pedas Baru") in diff
    assert selectors.curation_queue(people.staff).filter(pk=product.pk).exists()
    # staff publish the edit: the new version shows
    product = services.product_curate(actor=people.staff, product=product, decision="publish")
    assert product.status == "published" and not product.pending_edit
    public = selectors.product_public_get(product.pk)
    assert public is not None
    assert public.name == "Keripik Pedas Baru" and public.price_rupiah == 99000


def test_it_sends_a_pending_edit_back_and_leaves_the_published_version(people, published):
    services.product_update(actor=people.partner, product=published, data={"name": "Nama Baru"})
    product = services.product_curate(
        actor=people.staff, product=published, decision="needs_changes", note="Nama kurang jelas"
    )
    assert product.status == ProductStatus.PUBLISHED and not product.pending_edit
    public = selectors.product_public_get(product.pk)
    assert public is not None and public.name == "Keripik Singkong Balado"
    with pytest.raises(ConflictError):  # nothing pending any more
        services.product_curate(actor=people.staff, product=product, decision="publish")


def test_it_hides_the_products_of_a_partner_no_longer_verified(people, published):
    # given a published product, when the registration stops being verified
    reg = people.partner_reg
    type(reg).objects.filter(pk=reg.pk).update(status=RegistrationStatus.NEEDS_REVISION)
    # then public reads no longer show it, at once
    assert selectors.product_public_get(published.pk) is None
    assert selectors.storefront_get(published.storefront.slug) is None
    # and the catalog's own sweep marks it hidden, once
    assert services.products_hide_for_unverified() == 1
    assert services.products_hide_for_unverified() == 0
    published.refresh_from_db()
    assert published.status == ProductStatus.HIDDEN and published.hidden_by == HiddenBy.SYSTEM
    verbs = [e.verb for e in timeline(published)]
    assert verbs[-1] == ProductEvents.HIDDEN_UNVERIFIED
    # and it cannot be submitted again until verified
    with pytest.raises(RuleError) as err:
        services.product_submit(actor=people.partner, product=published)
    assert err.value.codes == ["business_not_verified"]


def test_it_refuses_to_publish_when_the_partner_lost_verification_during_review(people, draft):
    services.product_submit(actor=people.partner, product=draft)
    reg = people.partner_reg
    type(reg).objects.filter(pk=reg.pk).update(status=RegistrationStatus.REJECTED)
    with pytest.raises(RuleError) as err:
        services.product_curate(actor=people.staff, product=draft, decision="publish")
    assert err.value.codes == ["business_not_verified"]


def test_it_counts_views_and_clicks_per_week(people, published):
    for _ in range(3):
        services.product_view_count(product=published)
    services.product_click_count(product=published)
    stats = selectors.week_stats([published])[published.pk]
    assert [(s.views, s.clicks) for s in stats] == [(3, 1)]
    assert stats[0].week.weekday() == 0


def test_it_gives_a_second_business_of_the_same_name_its_own_storefront(people):
    other = helpers.verified_partner(people.staff, name="Kue Basah Bu Siti")
    one = helpers.make_product(people.partner, people.partner_reg.business)
    two = helpers.make_product(other.person.user, other.business)
    assert (one.storefront.slug, two.storefront.slug) == (
        "kue-basah-bu-siti",
        "kue-basah-bu-siti-2",
    )
