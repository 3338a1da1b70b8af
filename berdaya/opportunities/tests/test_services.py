"""Services: publication rules, applying, withdrawing, quota, deadline and selection."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.models import Event
from berdaya.opportunities import services
from berdaya.opportunities.models import Opportunity, OpportunityApplication
from berdaya.opportunities.tests.factories import (
    expire,
    fields,
    make_opportunity,
    make_partner,
    today,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def codes_of(exc_info) -> list[str]:
    return exc_info.value.codes


# --- publication ---------------------------------------------------------------------------


def test_it_creates_a_draft_with_an_event(staff):
    o = services.opportunity_create(actor=staff, **fields())
    assert o.status == "draft"
    assert Event.objects.filter(object_id=str(o.pk), verb="created").exists()


def test_it_refuses_a_non_staff_author(personas):
    with pytest.raises(AccessDenied):
        services.opportunity_create(actor=personas.rt_chair, **fields())


@pytest.mark.parametrize("quota", [0, -1])
def test_it_refuses_a_quota_of_zero_or_less(staff, quota):
    with pytest.raises(RuleError) as exc:
        services.opportunity_create(actor=staff, **fields(quota=quota))
    assert codes_of(exc) == ["quota_invalid"]
    assert not Opportunity.objects.exists()


def test_it_accepts_a_quota_of_one_or_none(staff):
    assert services.opportunity_create(actor=staff, **fields(quota=1)).quota == 1
    assert services.opportunity_create(actor=staff, **fields(quota=None)).quota is None


def test_it_refuses_a_deadline_before_the_opening_date(staff):
    with pytest.raises(RuleError) as exc:
        services.opportunity_create(
            actor=staff, **fields(opens_on=today() + 2 * DAY, deadline=today() + DAY)
        )
    assert codes_of(exc) == ["deadline_before_opening"]
    same_day = services.opportunity_create(
        actor=staff, **fields(opens_on=today() + DAY, deadline=today() + DAY)
    )
    assert same_day.deadline == same_day.opens_on


def test_it_refuses_to_publish_a_deadline_in_the_past(staff):
    o = services.opportunity_create(
        actor=staff, **fields(opens_on=today() - 5 * DAY, deadline=today() - DAY)
    )
    with pytest.raises(RuleError) as exc:
        services.opportunity_publish(actor=staff, opportunity=o)
    assert codes_of(exc) == ["deadline_past"]
    o.refresh_from_db()
    assert o.status == "draft"
    o.deadline = today()
    o.save()
    assert services.opportunity_publish(actor=staff, opportunity=o).status == "published"


def test_it_refuses_unknown_kbli_sections_kecamatan_and_sizes(staff):
    with pytest.raises(RuleError) as exc:
        services.opportunity_create(
            actor=staff,
            **fields(
                kbli_sections=["C", "Z"], kecamatan_codes=["32.76.99"], size_classes=["raksasa"]
            ),
        )
    assert codes_of(exc) == ["kbli_section_unknown", "kecamatan_unknown", "size_class_unknown"]
    assert not Opportunity.objects.exists()


def test_it_refuses_an_unknown_financing_product_or_one_on_a_business_opportunity(staff):
    with pytest.raises(RuleError) as exc:
        services.opportunity_create(actor=staff, **fields(kind="capital", financing_product="x"))
    assert codes_of(exc) == ["financing_product_unknown"]
    with pytest.raises(RuleError) as exc:
        services.opportunity_create(actor=staff, **fields(financing_product="kredit-mesra"))
    assert codes_of(exc) == ["financing_product_not_capital"]
    o = services.opportunity_create(
        actor=staff, **fields(kind="capital", financing_product="kredit-mesra")
    )
    assert o.financing_product is not None and o.financing_product.code == "kredit-mesra"


def test_it_publishes_only_a_draft(staff):
    o = make_opportunity(staff)
    with pytest.raises(ConflictError) as exc:
        services.opportunity_publish(actor=staff, opportunity=o)
    assert exc.value.code == "opportunity_not_draft"


def test_it_closes_and_cancels_from_the_right_statuses_only(staff):
    o = make_opportunity(staff)
    services.opportunity_close(actor=staff, opportunity=o)
    with pytest.raises(ConflictError):
        services.opportunity_close(actor=staff, opportunity=o)
    services.opportunity_cancel(actor=staff, opportunity=o)
    with pytest.raises(ConflictError):
        services.opportunity_cancel(actor=staff, opportunity=o)
    with pytest.raises(ConflictError):
        services.opportunity_update(actor=staff, opportunity=o, title="Baru")


def test_editing_eligibility_keeps_applicants_and_marks_them(staff):
    from berdaya.opportunities import selectors

    o = make_opportunity(staff)
    b = make_partner(gender="L")
    services.application_apply(user=b.owner.user, opportunity=o, business=b)
    o = services.opportunity_update(actor=staff, opportunity=o, women_only=True)
    rows = selectors.applicant_rows(
        o, selectors.applicants(o, selectors.ApplicantFilters(), user=staff)
    )
    assert [(r.application.status, r.why_not) for r in rows] == [("applied", ["women_only"])]


# --- deadline ------------------------------------------------------------------------------


def test_a_published_opportunity_past_its_deadline_is_closed(staff):
    o = make_opportunity(staff)
    o.deadline = today()
    o.save()
    assert o.current_status() == "published"
    expire(o)
    assert o.current_status() == "closed"
    b = make_partner()
    with pytest.raises(RuleError) as exc:
        services.application_apply(user=b.owner.user, opportunity=o, business=b)
    assert codes_of(exc) == ["closed"]
    assert services.opportunities_close_expired() == 1
    o.refresh_from_db()
    assert o.status == "closed"
    assert services.opportunities_close_expired() == 0


def test_it_refuses_before_the_opening_date(staff):
    o = make_opportunity(staff, opens_on=today() + DAY, deadline=today() + 5 * DAY)
    b = make_partner()
    with pytest.raises(RuleError) as exc:
        services.application_apply(user=b.owner.user, opportunity=o, business=b)
    assert codes_of(exc) == ["not_open_yet"]


# --- applying ------------------------------------------------------------------------------


def test_it_applies_once_per_business(staff):
    o = make_opportunity(staff)
    b = make_partner()
    a = services.application_apply(user=b.owner.user, opportunity=o, business=b, note="Kue")
    assert (a.status, a.note) == ("applied", "Kue")
    with pytest.raises(ConflictError) as exc:
        services.application_apply(user=b.owner.user, opportunity=o, business=b)
    assert exc.value.code == "already_applied"
    assert OpportunityApplication.objects.count() == 1


def test_it_refuses_a_business_that_is_not_the_applicants(staff):
    o = make_opportunity(staff)
    mine, theirs = make_partner(), make_partner()
    with pytest.raises(RuleError) as exc:
        services.application_apply(user=mine.owner.user, opportunity=o, business=theirs)
    assert codes_of(exc) == ["business_not_yours"]
    assert not OpportunityApplication.objects.exists()


def test_it_refuses_a_business_that_does_not_fit_with_every_code(staff):
    o = make_opportunity(staff, women_only=True, size_classes=["kecil"])
    b = make_partner(gender="L")
    with pytest.raises(RuleError) as exc:
        services.application_apply(user=b.owner.user, opportunity=o, business=b)
    assert codes_of(exc) == ["not_eligible_size", "women_only"]


def _pdf(size: int = 100, name: str = "proposal.pdf", head: bytes = b"%PDF-1.4\n"):
    return SimpleUploadedFile(name, head + b"0" * max(0, size - len(head)), "application/pdf")


def test_it_keeps_a_pdf_attachment_up_to_10_mb(staff):
    o = make_opportunity(staff)
    b = make_partner()
    a = services.application_apply(
        user=b.owner.user, opportunity=o, business=b, attachment=_pdf(10 * 1024 * 1024)
    )
    assert a.attachment.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (lambda: _pdf(10 * 1024 * 1024 + 1), "attachment_too_large"),
        (lambda: _pdf(name="foto.jpg"), "attachment_not_pdf"),
        (lambda: _pdf(name="palsu.pdf", head=b"GIF89a"), "attachment_not_pdf"),
    ],
)
def test_it_refuses_an_attachment_that_is_not_a_pdf_or_too_large(staff, upload, code):
    o = make_opportunity(staff)
    b = make_partner()
    with pytest.raises(RuleError) as exc:
        services.application_apply(
            user=b.owner.user, opportunity=o, business=b, attachment=upload()
        )
    assert codes_of(exc) == [code]
    assert not OpportunityApplication.objects.exists()


def test_it_refuses_a_note_over_500_characters(staff):
    o = make_opportunity(staff)
    b = make_partner()
    with pytest.raises(RuleError) as exc:
        services.application_apply(user=b.owner.user, opportunity=o, business=b, note="x" * 501)
    assert codes_of(exc) == ["note_too_long"]
    services.application_apply(user=b.owner.user, opportunity=o, business=b, note="x" * 500)


# --- quota ---------------------------------------------------------------------------------


def test_first_come_is_full_at_the_quota(staff):
    o = make_opportunity(staff, quota=2, first_come=True)
    for _ in range(2):
        b = make_partner()
        services.application_apply(user=b.owner.user, opportunity=o, business=b)
    late = make_partner()
    with pytest.raises(RuleError) as exc:
        services.application_apply(user=late.owner.user, opportunity=o, business=late)
    assert codes_of(exc) == ["full"]


def test_a_withdrawal_frees_a_first_come_place(staff):
    o = make_opportunity(staff, quota=1, first_come=True)
    b = make_partner()
    a = services.application_apply(user=b.owner.user, opportunity=o, business=b)
    late = make_partner()
    with pytest.raises(RuleError) as exc:
        services.application_apply(user=late.owner.user, opportunity=o, business=late)
    assert exc.value.problems[0].code == "full"
    services.application_withdraw(user=b.owner.user, application=a)
    taken = services.application_apply(user=late.owner.user, opportunity=o, business=late)
    assert taken.status == "applied"
    assert list(o.applications.filter(status="applied").values_list("business", flat=True)) == [
        late.pk
    ]


def test_selection_mode_accepts_more_applicants_than_the_quota(staff):
    o = make_opportunity(staff, quota=1, first_come=False)
    for _ in range(3):
        b = make_partner()
        services.application_apply(user=b.owner.user, opportunity=o, business=b)
    assert o.applications.count() == 3


# --- withdraw ------------------------------------------------------------------------------


def test_it_withdraws_until_the_deadline_and_applies_again(staff):
    o = make_opportunity(staff)
    b = make_partner()
    a = services.application_apply(user=b.owner.user, opportunity=o, business=b)
    a = services.application_withdraw(user=b.owner.user, application=a)
    assert a.status == "withdrawn"
    with pytest.raises(ConflictError) as exc:
        services.application_withdraw(user=b.owner.user, application=a)
    assert exc.value.code == "not_applied"
    again = services.application_apply(user=b.owner.user, opportunity=o, business=b)
    assert (again.pk, again.status) == (a.pk, "applied")


def test_it_refuses_a_withdrawal_after_the_deadline(staff):
    o = make_opportunity(staff)
    b = make_partner()
    a = services.application_apply(user=b.owner.user, opportunity=o, business=b)
    expire(o)
    with pytest.raises(ConflictError) as exc:
        services.application_withdraw(user=b.owner.user, application=a)
    assert exc.value.code == "withdraw_closed"


# --- selection -----------------------------------------------------------------------------


def _with_applicants(staff, n, **over):
    o = make_opportunity(staff, **over)
    apps = []
    for _ in range(n):
        b = make_partner()
        apps.append(services.application_apply(user=b.owner.user, opportunity=o, business=b))
    return o, apps


def test_selection_is_409_while_open(staff):
    o, apps = _with_applicants(staff, 2, quota=2)
    with pytest.raises(ConflictError) as exc:
        services.selection_make(actor=staff, opportunity=o, selected_ids=[apps[0].pk])
    assert exc.value.code == "opportunity_open"


def test_selection_refuses_more_than_the_quota(staff):
    o, apps = _with_applicants(staff, 3, quota=2)
    services.opportunity_close(actor=staff, opportunity=o)
    with pytest.raises(RuleError) as exc:
        services.selection_make(actor=staff, opportunity=o, selected_ids=[a.pk for a in apps])
    assert codes_of(exc) == ["quota_exceeded"]
    assert set(o.applications.values_list("status", flat=True)) == {"applied"}


def test_selection_up_to_the_quota_decides_everyone_and_tells_them(staff):
    from berdaya.core.models import Notification

    o, apps = _with_applicants(staff, 3, quota=2)
    services.opportunity_close(actor=staff, opportunity=o)
    result = services.selection_make(
        actor=staff, opportunity=o, selected_ids=[apps[0].pk, apps[1].pk]
    )
    assert (result.selected, result.not_selected) == (2, 1)
    o.refresh_from_db()
    assert o.status == "selected"
    assert [a.status for a in o.applications.order_by("pk")] == [
        "selected", "selected", "not_selected",
    ]  # fmt: skip
    for a in apps:
        assert Notification.objects.filter(user=a.applicant, title__contains=o.title).exists()
    with pytest.raises(ConflictError):
        services.selection_make(actor=staff, opportunity=o, selected_ids=[])


def test_selection_after_the_deadline_needs_no_explicit_close(staff):
    o, apps = _with_applicants(staff, 1, quota=None)
    expire(o)
    result = services.selection_make(actor=staff, opportunity=o, selected_ids=[apps[0].pk])
    assert result.selected == 1


def test_selection_refuses_an_application_of_another_opportunity_or_withdrawn(staff):
    o, apps = _with_applicants(staff, 2)
    other, others = _with_applicants(staff, 1)
    services.application_withdraw(user=apps[1].applicant, application=apps[1])
    services.opportunity_close(actor=staff, opportunity=o)
    for wrong in (others[0].pk, apps[1].pk):
        with pytest.raises(RuleError) as exc:
            services.selection_make(actor=staff, opportunity=o, selected_ids=[wrong])
        assert codes_of(exc) == ["application_unknown"]


def test_selection_is_refused_on_a_draft_or_cancelled_one(staff):
    draft = make_opportunity(staff, publish=False)
    with pytest.raises(ConflictError):
        services.selection_make(actor=staff, opportunity=draft, selected_ids=[])
    services.opportunity_cancel(actor=staff, opportunity=draft)
    with pytest.raises(ConflictError):
        services.selection_make(actor=staff, opportunity=draft, selected_ids=[])
