"""Two staff (or a double click, or two runs of a job) on one opportunity at the same moment, on
PostgreSQL: the opportunity's row lock makes the second wait and see the first's write, so each
step takes effect once and no edit is lost. The first-come quota is in test_concurrency.py. Each
test fails without its lock (checked by removing the lock and running it; see docs/adr/0005).
The edit, close and digest tests force their interleaving: the test holds the row the step
locks from its own connection until both steps wait (without the lock both had read the row
before either wrote it)."""

from __future__ import annotations

from berdaya.core.models import Event, OutboundMessage
from berdaya.core.tests.concurrency import MARKS, run_held, run_together
from berdaya.opportunities import alerts, services
from berdaya.opportunities.models import Opportunity, OpportunityApplication, PendingAlert
from berdaya.opportunities.tests.factories import expire, make_opportunity, make_partner

pytestmark = MARKS


def events(obj, verb: str) -> int:
    return Event.objects.filter(
        content_type__app_label=obj._meta.app_label,
        content_type__model=obj._meta.model_name,
        object_id=str(obj.pk),
        verb=verb,
    ).count()


def test_it_publishes_once_when_published_twice_at_once(staff):
    # given a draft
    draft = make_opportunity(staff, publish=False)

    # when two staff publish it at the same moment
    def publish():
        services.opportunity_publish(actor=staff, opportunity=draft)

    results, errors = run_together(publish, publish)
    # then one publication, and the other is told it is no longer a draft
    assert errors == []
    assert sorted(results) == ["ok", "opportunity_not_draft"]
    assert events(draft, "published") == 1


def hold_opportunity(o: Opportunity):
    def hold():
        Opportunity.objects.select_for_update().get(pk=o.pk)

    return hold


def test_it_keeps_both_edits_made_at_once(staff):
    # given a published opportunity
    o = make_opportunity(staff)

    # when two staff change different fields at the same moment, while its row is held until
    # both wait
    def retitle():
        services.opportunity_update(actor=staff, opportunity=o, title="Bazar Lebaran")

    def requota():
        services.opportunity_update(actor=staff, opportunity=o, quota=35)

    results, errors = run_held(hold_opportunity(o), retitle, requota)
    # then neither edit is lost
    assert errors == [] and results == ["ok", "ok"]
    o = Opportunity.objects.get(pk=o.pk)
    assert (o.title, o.quota) == ("Bazar Lebaran", 35)


def test_it_cancels_once_when_cancelled_twice_at_once(staff):
    o = make_opportunity(staff)

    def cancel():
        services.opportunity_cancel(actor=staff, opportunity=o, note="Acara ditunda")

    results, errors = run_together(cancel, cancel)
    assert errors == []
    assert sorted(results) == ["ok", "opportunity_not_cancellable"]
    assert events(o, "cancelled") == 1


def test_it_selects_once_when_two_staff_select_at_once(staff):
    # given a closed opportunity with two applicants
    o = make_opportunity(staff, quota=1)
    applications = [
        services.application_apply(user=b.owner.user, opportunity=o, business=b)
        for b in (make_partner(), make_partner())
    ]
    services.opportunity_close(actor=staff, opportunity=o)

    # when two staff choose different applicants at the same moment
    def choose(application):
        return lambda: services.selection_make(
            actor=staff, opportunity=o, selected_ids=[application.pk]
        )

    results, errors = run_together(choose(applications[0]), choose(applications[1]))
    # then one selection stands (one chosen within the quota) and the other is refused
    assert errors == []
    assert sorted(results) == ["ok", "selection_not_allowed"]
    assert events(o, "selected") == 1
    statuses = sorted(
        OpportunityApplication.objects.filter(opportunity=o).values_list("status", flat=True)
    )
    assert statuses == ["not_selected", "selected"]


def test_it_applies_once_when_one_business_applies_twice_at_once(staff):
    o = make_opportunity(staff)
    business = make_partner()

    def apply():
        services.application_apply(user=business.owner.user, opportunity=o, business=business)

    results, errors = run_together(apply, apply)
    assert errors == []
    assert sorted(results) == ["already_applied", "ok"]
    assert OpportunityApplication.objects.filter(opportunity=o).count() == 1


def test_it_closes_an_expired_opportunity_once_when_the_job_runs_twice_at_once(staff):
    # given a published opportunity whose deadline passed
    o = make_opportunity(staff)
    expire(o)

    # when the nightly job runs twice at the same moment
    results, errors = run_together(
        services.opportunities_close_expired, services.opportunities_close_expired
    )
    # then it is closed once
    assert errors == [] and results == ["ok", "ok"]
    assert events(o, "expired") == 1


def test_it_sends_one_digest_when_the_job_runs_twice_at_once(staff):
    # given a partner with a pending alert of a published opportunity
    o = make_opportunity(staff)
    partner = make_partner().owner.user
    alert = PendingAlert.objects.create(user=partner, opportunity=o)

    # when the digest job runs twice at the same moment, while the alert's row is held until
    # both wait
    def hold():
        PendingAlert.objects.select_for_update().get(pk=alert.pk)

    results, errors = run_held(hold, alerts.send_digests, alerts.send_digests)
    # then one WhatsApp/SMS goes out
    assert errors == [] and results == ["ok", "ok"]
    assert OutboundMessage.objects.filter(recipient=str(partner.phone)).count() == 1


def test_it_closes_once_when_closed_twice_at_once(staff):
    o = make_opportunity(staff)

    def close():
        services.opportunity_close(actor=staff, opportunity=o)

    results, errors = run_held(hold_opportunity(o), close, close)
    assert errors == []
    assert sorted(results) == ["ok", "opportunity_not_published"]
    assert events(o, "closed") == 1


def test_it_withdraws_once_when_withdrawn_twice_at_once(staff):
    o = make_opportunity(staff)
    business = make_partner()
    application = services.application_apply(
        user=business.owner.user, opportunity=o, business=business
    )

    def withdraw():
        services.application_withdraw(user=business.owner.user, application=application)

    results, errors = run_together(withdraw, withdraw)
    assert errors == []
    assert sorted(results) == ["not_applied", "ok"]
    assert events(application, "withdrawn") == 1
