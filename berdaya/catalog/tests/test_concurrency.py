"""Two requests on one product at the same moment, on PostgreSQL: the product's row lock (or the
unique week row of the counters) makes the second wait and see the first's write, so each step
takes effect once, a product never has more photos than allowed and no view is lost. Each test
fails without its lock (checked by removing the lock and running it; see docs/adr/0005). The
photo-removal, unverified-job and draft-edit tests force their interleaving: the test holds the
row the steps write (the product's, the photo's) from its own connection until both steps wait
(without the lock both had read it before either wrote it)."""

from __future__ import annotations

import pytest

from berdaya.catalog import rules, services
from berdaya.catalog.models import Photo, Product, WeekStat
from berdaya.catalog.tests import helpers
from berdaya.core.models import Event
from berdaya.core.tests.concurrency import MARKS, run_held, run_together
from berdaya.registry.models import Registration
from berdaya.registry.tests.conftest import ensure_reference_data

pytestmark = MARKS


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    ensure_reference_data()


def events_of(obj, verb: str) -> list[Event]:
    return list(
        Event.objects.filter(
            content_type__app_label=obj._meta.app_label,
            content_type__model=obj._meta.model_name,
            object_id=str(obj.pk),
            verb=verb,
        )
    )


def events(obj, verb: str) -> int:
    return len(events_of(obj, verb))


def test_it_submits_once_when_submitted_twice_at_once(people, draft):
    def submit():
        services.product_submit(actor=people.partner, product=draft)

    results, errors = run_together(submit, submit)
    assert errors == []
    assert sorted(results) == ["ok", "wrong_status"]
    assert events(draft, "submitted") == 1


def test_it_publishes_once_when_two_curators_publish_at_once(people, draft):
    # given a product waiting for curation
    services.product_submit(actor=people.partner, product=draft)

    # when two staff publish it at the same moment
    def publish():
        services.product_curate(actor=people.staff, product=draft, decision="publish")

    results, errors = run_together(publish, publish)
    # then it is published once, and the other is told its status changed
    assert errors == []
    assert sorted(results) == ["ok", "wrong_status"]
    assert events(draft, "published") == 1


def test_it_hides_once_when_the_owner_hides_twice_at_once(people, published):
    def hide():
        services.product_hide(actor=people.partner, product=published, reason="Stok habis")

    results, errors = run_together(hide, hide)
    assert errors == []
    assert sorted(results) == ["ok", "wrong_status"]
    assert events(published, "hidden") == 1


def test_it_never_keeps_more_photos_than_allowed_when_two_arrive_for_the_last_place(people, draft):
    # given a product with one photo place left
    for _ in range(rules.MAX_PHOTOS - 1):
        services.product_photo_add(actor=people.partner, product=draft, upload=helpers.upload())

    # when two photos are added at the same moment
    def add():
        services.product_photo_add(actor=people.partner, product=draft, upload=helpers.upload())

    results, errors = run_together(add, add)
    # then one takes the last place and the other is refused
    assert errors == []
    assert sorted(results) == ["ok", "photo_limit"]
    assert Photo.objects.filter(product=draft).count() == rules.MAX_PHOTOS


def test_it_counts_both_first_views_of_the_week_arriving_at_once(published):
    # given a product nobody has viewed this week
    def view():
        services.product_view_count(product=published)

    # when two visitors open it at the same moment
    results, errors = run_together(view, view)
    # then both views count (one creates the week's row, the other adds to it)
    assert errors == [] and results == ["ok", "ok"]
    assert WeekStat.objects.get(product=published).views == 2


def hold_product(product: Product):
    def hold():
        Product.objects.select_for_update().get(pk=product.pk)

    return hold


def test_it_removes_a_photo_once_when_removed_twice_at_once(people, draft):
    photo = services.product_photo_add(actor=people.partner, product=draft, upload=helpers.upload())

    # when it is removed twice at the same moment, while the photo's row is held (what a
    # removal writes; the product's row is what it locks) until both wait
    def hold_photo():
        Photo.objects.select_for_update().get(pk=photo.pk)

    def remove():
        services.product_photo_remove(actor=people.partner, product=draft, photo_id=photo.pk)

    results, errors = run_held(hold_photo, remove, remove)
    assert errors == []
    assert sorted(results) == ["ok", "photo_unknown"]
    removed = [e for e in events_of(draft, "photo_removed") if e.data["photo"] == photo.pk]
    assert len(removed) == 1


def test_the_unverified_job_hides_a_product_once_when_run_twice_at_once(people):
    # given a published product whose partner is no longer verified
    partner = helpers.verified_partner(people.staff, name="Usaha Dicabut")
    user = partner.person.user
    product = helpers.publish_as(helpers.make_product(user, partner.business), user, people.staff)
    Registration.objects.filter(pk=partner.pk).update(status="needs_revision")

    # when the nightly job runs twice at the same moment, while the product's row is held
    # until both wait
    def job():
        services.products_hide_for_unverified(business_ids=[partner.business_id])

    results, errors = run_held(hold_product(product), job, job)
    # then the product is hidden once
    assert errors == [] and results == ["ok", "ok"]
    assert events(product, "hidden_unverified") == 1


def test_it_keeps_both_edits_of_a_draft_made_at_once(people):
    # given a draft product
    draft = helpers.make_product(people.partner, people.partner_reg.business)

    # when the owner changes its name in one tab and its price in another at the same moment,
    # while its row is held until both wait
    def rename():
        services.product_update(actor=people.partner, product=draft, data={"name": "Bolu Pandan"})

    def reprice():
        services.product_update(actor=people.partner, product=draft, data={"price_rupiah": 90000})

    results, errors = run_held(hold_product(draft), rename, reprice)
    # then neither edit is lost
    assert errors == [] and results == ["ok", "ok"]
    draft.refresh_from_db()
    assert (draft.name, draft.price_rupiah) == ("Bolu Pandan", 90000)
