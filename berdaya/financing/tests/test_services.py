"""The workflow services: every rule and code, the status path, and rules as data."""

import datetime
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.models import Event, Notification
from berdaya.core.money import percent_of
from berdaya.core.personas import BEJI
from berdaya.financing import selectors, services
from berdaya.financing.models import (
    Application,
    GroupMember,
    Loan,
    Product,
    ProductTerm,
    Recommendation,
)
from berdaya.financing.schedule import build_schedule
from berdaya.financing.tests.factories import make_application, make_full_group, make_partner
from berdaya.registry.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def mesra():
    return Product.objects.get(code="kredit-mesra")


@pytest.fixture
def small_mesra(mesra):
    """Kredit Mesra with groups of 2-3 (an admin edit), so rule tests stay quick."""
    mesra.group_size_min, mesra.group_size_max = 2, 3
    mesra.save()
    return mesra


def codes(exc) -> set[str]:
    return set(exc.value.codes)


def problem(exc, code):
    return next(p for p in exc.value.problems if p.code == code)


def small_application(amount=5_000_000, term=12, size=3, **kw):
    return make_application(amount=amount, term=term, size=size, **kw)


def submit(application, members):
    return services.application_submit(application=application, user=members[0].user)


# --- money -------------------------------------------------------------------------------------
def test_it_rounds_the_fee_half_up_and_lets_the_last_instalment_absorb_the_rest(mesra):
    schedule = build_schedule(
        product=mesra,
        amount_rupiah=5_000_000,
        term_months=12,
        fee_percent=Decimal("8.5"),
        start=datetime.date(2026, 1, 31),
    )
    assert schedule.admin_fee_rupiah == 425_000
    assert schedule.total_rupiah == 5_425_000
    amounts = [a for _, a in schedule.instalments]
    assert amounts[:11] == [452_083] * 11 and amounts[11] == 452_087
    assert sum(amounts) == 5_425_000
    assert schedule.instalments[0][0] == datetime.date(2026, 2, 28)  # month end clamps
    assert schedule.instalments[-1][0] == datetime.date(2027, 1, 31)
    assert percent_of(100, Decimal("8.5")) == 9  # 8.5 rounds half up


def test_it_rounds_instalments_to_the_product_unit(mesra):
    mesra.rounding_unit = 1000
    schedule = build_schedule(
        product=mesra,
        amount_rupiah=5_000_000,
        term_months=12,
        fee_percent="8.5",
        start=datetime.date(2026, 1, 1),
    )
    amounts = [a for _, a in schedule.instalments]
    assert amounts[0] == 452_000 and sum(amounts) == 5_425_000


def test_it_deducts_the_fee_at_disbursement_when_the_product_says_so(mesra):
    mesra.fee_collection = "deducted"
    schedule = build_schedule(
        product=mesra,
        amount_rupiah=5_000_000,
        term_months=6,
        fee_percent="8",
        start=datetime.date(2026, 1, 1),
    )
    assert schedule.admin_fee_rupiah == 400_000
    assert sum(a for _, a in schedule.instalments) == schedule.total_rupiah == 5_000_000


# --- rules (each code) -------------------------------------------------------------------------
def test_it_refuses_a_group_of_the_wrong_size(mesra):
    application, members = small_application(size=3)
    with pytest.raises(RuleError) as exc:
        submit(application, members)
    assert codes(exc) == {"group_size"}
    assert "10" in problem(exc, "group_size").message


def test_it_refuses_amounts_over_under_and_off_step_all_at_once(small_mesra):
    small_mesra.amount_min_rupiah, small_mesra.amount_step_rupiah = 500_000, 100_000
    small_mesra.save()
    application, members = small_application()
    over, under, off = application.members.select_related("person")
    for member, amount in ((over, 6_000_000), (under, 100_000), (off, 1_250_050)):
        member.amount_rupiah = amount
        member.save()
    with pytest.raises(RuleError) as exc:
        submit(application, members)
    assert codes(exc) == {"amount_over_limit", "amount_under_minimum", "amount_step"}
    assert problem(exc, "amount_over_limit").members == [over.person.nik]
    assert problem(exc, "amount_under_minimum").members == [under.person.nik]
    assert problem(exc, "amount_step").members == [off.person.nik]
    assert "Rp5.000.000" in problem(exc, "amount_over_limit").message


def test_it_refuses_a_term_the_product_does_not_offer(small_mesra):
    application, members = small_application(term=9)
    with pytest.raises(RuleError) as exc:
        submit(application, members)
    assert codes(exc) == {"term_not_offered"}


def test_it_refuses_members_who_are_not_verified_partners(small_mesra):
    application, members = small_application()
    Registration.objects.filter(person=members[2]).update(status="submitted")
    with pytest.raises(RuleError) as exc:
        submit(application, members)
    assert codes(exc) == {"member_not_verified"}
    assert problem(exc, "member_not_verified").members == [members[2].nik]


def test_it_refuses_members_living_outside_the_group_area(small_mesra):
    application, members = small_application()
    members[1].rt = 4
    members[1].save()
    with pytest.raises(RuleError) as exc:
        submit(application, members)
    assert codes(exc) == {"member_outside_area"}
    assert problem(exc, "member_outside_area").members == [members[1].nik]


def test_it_refuses_members_in_another_active_application(small_mesra):
    first, members = small_application()
    submit(first, members)
    group, others = make_full_group(size=2)
    person = members[1]
    invitation = services.invitation_create(group=group, user=others[0].user, nik=person.nik)
    services.invitation_answer(
        invitation=invitation, user=person.user, accept=True, joint_liability=True
    )
    second = services.application_create(
        user=others[0].user,
        group=group,
        term_months=12,
        members=[{"nik": p.nik, "amount_rupiah": 1_000_000} for p in [*others, person]],
    )
    with pytest.raises(RuleError) as exc:
        submit(second, others)
    assert codes(exc) == {"member_in_other_application"}
    assert problem(exc, "member_in_other_application").members == [person.nik]
    # the product allows it once the admin says so
    small_mesra.single_active_application = False
    small_mesra.save()
    assert submit(second, others).status == "awaiting_recommendation"


def test_it_requires_a_training_certificate_where_the_product_asks(monkeypatch):
    person = make_partner()
    baznas = Product.objects.get(code="baznas-modal-usaha")
    application = services.application_create(
        user=person.user,
        product=baznas,
        term_months=10,
        members=[{"nik": person.nik, "amount_rupiah": 1_000_000}],
    )
    with pytest.raises(RuleError) as exc:
        services.application_submit(application=application, user=person.user)
    assert codes(exc) == {"training_required"}
    monkeypatch.setattr("berdaya.financing.people.has_certificate", lambda p: True)
    assert services.application_submit(application=application, user=person.user).status == (
        "awaiting_recommendation"
    )


def test_it_requires_joint_liability_where_the_product_asks(small_mesra):
    application, members = small_application()
    GroupMember.objects.filter(person=members[1]).update(joint_liability_signed_at=None)
    with pytest.raises(RuleError) as exc:
        submit(application, members)
    assert codes(exc) == {"liability_not_signed"}
    # when the member signs later, once
    services.liability_sign(group=application.group, user=members[1].user)
    services.liability_sign(group=application.group, user=members[1].user)
    # then the submission passes
    assert submit(application, members).status == "awaiting_recommendation"
    assert Event.objects.filter(verb="liability_signed").count() == 1


def test_it_lets_an_invitee_join_unsigned_and_refuses_the_submission_until_they_sign(small_mesra):
    application, members = small_application()
    newcomer = make_partner()
    invitation = services.invitation_create(
        group=application.group, user=members[0].user, nik=newcomer.nik
    )
    services.invitation_answer(invitation=invitation, user=newcomer.user, accept=True)
    membership = GroupMember.objects.get(person=newcomer)
    assert membership.joint_liability_signed_at is None
    with pytest.raises(AccessDenied):
        services.liability_sign(group=application.group, user=make_partner().user)


def test_it_enforces_changed_product_numbers_with_no_code_change(mesra):
    # given a group of 3 asking Rp 5,000,000 each for 12 months
    application, members = small_application()
    with pytest.raises(RuleError) as exc:
        submit(application, members)
    assert codes(exc) == {"group_size"}
    # when the admin changes the product's numbers
    mesra.group_size_min, mesra.group_size_max = 3, 5
    mesra.amount_max_rupiah = 4_000_000
    mesra.save()
    ProductTerm.objects.filter(product=mesra, months=12).update(admin_fee_percent=Decimal("9"))
    # then the new numbers are the rules
    with pytest.raises(RuleError) as exc:
        submit(application, members)
    assert codes(exc) == {"amount_over_limit"}
    services.application_update(
        application=application,
        user=members[0].user,
        term_months=12,
        members=[{"nik": p.nik, "amount_rupiah": 4_000_000} for p in members],
    )
    application = submit(application, members)
    assert application.admin_fee_percent == Decimal("9")
    assert selectors.member_rows(application)[0]["admin_fee_rupiah"] == 360_000
    mesra.recommendation_levels = ["kelurahan"]
    mesra.save()
    assert services.current_level(Application.objects.get(pk=application.pk)) == "kelurahan"


# --- groups ------------------------------------------------------------------------------------
def test_it_refuses_a_group_area_the_product_does_not_allow(mesra):
    leader = make_partner()
    mesra.allowed_areas = ["rt"]
    mesra.save()
    with pytest.raises(RuleError) as exc:
        services.group_create(user=leader.user, product=mesra, name="K", kelurahan_code=BEJI)
    assert codes(exc) == {"area_not_allowed"}
    outsider = make_partner(rt=9)
    with pytest.raises(RuleError) as exc:
        services.group_create(
            user=outsider.user, product=mesra, name="K", kelurahan_code=BEJI, rw=7, rt=3
        )
    assert codes(exc) == {"member_outside_area"}


def test_it_invites_by_phone_and_only_the_invited_person_may_answer(small_mesra):
    group, members = make_full_group(size=2)
    invitee, stranger = make_partner(), make_partner()
    invitation = services.invitation_create(group=group, user=members[0].user, phone=invitee.phone)
    assert Notification.objects.filter(user=invitee.user).exists()
    with pytest.raises(AccessDenied):
        services.invitation_answer(
            invitation=invitation, user=stranger.user, accept=True, joint_liability=True
        )
    with pytest.raises(AccessDenied):
        services.invitation_create(group=group, user=members[1].user, nik=stranger.nik)
    services.invitation_answer(
        invitation=invitation, user=invitee.user, accept=True, joint_liability=True
    )
    with pytest.raises(ConflictError):
        services.invitation_answer(
            invitation=invitation, user=invitee.user, accept=True, joint_liability=True
        )
    assert group.memberships.filter(status="active").count() == 3


def test_it_lets_members_leave_or_be_removed_only_before_submission(small_mesra):
    application, members = small_application()
    services.member_leave(group=application.group, user=members[2].user)
    assert application.members.count() == 2
    newcomer = make_partner()
    invitation = services.invitation_create(
        group=application.group, user=members[0].user, nik=newcomer.nik
    )
    services.invitation_answer(
        invitation=invitation, user=newcomer.user, accept=True, joint_liability=True
    )
    services.member_leave(group=application.group, user=members[0].user, person=newcomer)
    assert GroupMember.objects.get(person=newcomer).status == "removed"
    submit(application, members)
    with pytest.raises(ConflictError) as exc:
        services.member_leave(group=application.group, user=members[1].user)
    assert exc.value.code == "group_locked"


# --- recommendations ---------------------------------------------------------------------------
def test_it_takes_recommendations_in_the_product_order(small_mesra, personas):
    application, members = small_application()
    submit(application, members)
    with pytest.raises(ConflictError) as exc:
        services.recommendation_give(
            application=application, official=personas.rw_chair, level="rw", approve=True
        )
    assert exc.value.code == "level_not_open"
    services.recommendation_give(
        application=application, official=personas.rt_chair, level="rt", approve=True
    )
    with pytest.raises(ConflictError) as exc:
        services.recommendation_give(
            application=application, official=personas.rt_chair, level="rt", approve=True
        )
    assert exc.value.code == "wrong_status" or exc.value.code == "level_not_open"
    assert Notification.objects.filter(user=personas.rw_chair).exists()


def test_it_lets_each_rt_chair_decide_only_their_own_members(small_mesra, personas):
    # given a group for RW 7 with members in RT 3 and RT 4
    leader = make_partner(rt=3)
    group = services.group_create(
        user=leader.user, product=small_mesra, name="RW 7", kelurahan_code=BEJI, rw=7
    )
    neighbour = make_partner(rt=4)
    invitation = services.invitation_create(group=group, user=leader.user, nik=neighbour.nik)
    services.invitation_answer(
        invitation=invitation, user=neighbour.user, accept=True, joint_liability=True
    )
    application = services.application_create(
        user=leader.user,
        group=group,
        term_months=6,
        members=[{"nik": p.nik, "amount_rupiah": 2_000_000} for p in (leader, neighbour)],
    )
    submit(application, [leader])
    # the RT 3 chair's queue holds only the RT 3 member
    queue = selectors.recommendation_queue(personas.rt_chair)
    assert [[m.person for m in pending] for _, _, pending in queue] == [[leader]]
    rec = services.recommendation_give(
        application=application, official=personas.rt_chair, level="rt", approve=True
    )
    assert list(rec.members.values_list("person", flat=True)) == [leader.pk]
    assert services.current_level(application) == "rt"
    assert selectors.recommendation_queue(personas.rt_chair) == []
    with pytest.raises(AccessDenied):
        services.recommendation_give(
            application=application, official=personas.far_rt_chair, level="rt", approve=True
        )
    services.recommendation_give(
        application=application, official=personas.other_rt_chair, level="rt", approve=True
    )
    assert services.current_level(application) == "rw"
    assert Application.objects.get(pk=application.pk).status == "awaiting_recommendation"


def test_it_needs_a_reason_to_refuse_and_sends_the_application_back(small_mesra, personas):
    application, members = small_application()
    submit(application, members)
    with pytest.raises(RuleError) as exc:
        services.recommendation_give(
            application=application, official=personas.rt_chair, level="rt", approve=False
        )
    assert codes(exc) == {"reason_required"}
    services.recommendation_give(
        application=application,
        official=personas.rt_chair,
        level="rt",
        approve=False,
        note="Bukan warga tetap",
    )
    application.refresh_from_db()
    assert application.status == "needs_revision"
    assert application.revision_note == "Bukan warga tetap"


def test_it_restarts_only_a_replaced_members_recommendations(small_mesra, personas):
    # given RT recommendations for all three, then a refusal at the RW level
    application, members = small_application()
    submit(application, members)
    services.recommendation_give(
        application=application, official=personas.rt_chair, level="rt", approve=True
    )
    services.recommendation_give(
        application=application,
        official=personas.rw_chair,
        level="rw",
        approve=False,
        note="Satu anggota pindah",
    )
    # when the leader replaces one member and resubmits
    leaving = members[2]
    services.member_leave(group=application.group, user=members[0].user, person=leaving)
    newcomer = make_partner()
    invitation = services.invitation_create(
        group=application.group, user=members[0].user, nik=newcomer.nik
    )
    services.invitation_answer(
        invitation=invitation, user=newcomer.user, accept=True, joint_liability=True
    )
    services.application_update(
        application=application,
        user=members[0].user,
        members=[
            {"nik": p.nik, "amount_rupiah": 5_000_000} for p in (members[0], members[1], newcomer)
        ],
    )
    submit(application, members)
    # then only the newcomer waits for the RT chair
    queue = selectors.recommendation_queue(personas.rt_chair)
    assert [[m.person for m in pending] for _, _, pending in queue] == [[newcomer]]
    rec = services.recommendation_give(
        application=application, official=personas.rt_chair, level="rt", approve=True
    )
    assert len(rec.member_names) == 1
    assert services.current_level(application) == "rw"


# --- verification, decision, disbursement, repayment --------------------------------------------
def recommended(personas, **kw):
    application, members = small_application(**kw)
    submit(application, members)
    for official, level in (
        (personas.rt_chair, "rt"),
        (personas.rw_chair, "rw"),
        (personas.kelurahan_officer, "kelurahan"),
    ):
        services.recommendation_give(
            application=application, official=official, level=level, approve=True
        )
    return Application.objects.get(pk=application.pk), members


def forwarded(personas, **kw):
    application, members = recommended(personas, **kw)
    services.application_review(application=application, staff=personas.staff, decision="forward")
    return Application.objects.get(pk=application.pk), members


def test_it_lets_only_staff_verify_and_needs_a_note_to_return(small_mesra, personas):
    application, members = recommended(personas)
    assert application.status == "awaiting_verification"
    assert Recommendation.objects.filter(application=application).count() == 3
    with pytest.raises(AccessDenied):
        services.application_review(
            application=application, staff=personas.rt_chair, decision="forward"
        )
    with pytest.raises(RuleError) as exc:
        services.application_review(
            application=application, staff=personas.staff, decision="revise"
        )
    assert codes(exc) == {"reason_required"}
    services.application_review(
        application=application, staff=personas.staff, decision="revise", note="Lengkapi foto usaha"
    )
    application.refresh_from_db()
    assert application.status == "needs_revision"
    # resubmitting keeps the letters: it goes straight back to DKUM
    assert submit(application, members).status == "awaiting_verification"


def test_it_lets_the_lender_decide_per_member(small_mesra, personas):
    application, members = forwarded(personas)
    with pytest.raises(AccessDenied):
        services.application_decide(
            application=application,
            officer=personas.baznas_officer,
            decisions=[{"nik": members[0].nik, "approve": True}],
        )
    with pytest.raises(RuleError) as exc:
        services.application_decide(
            application=application,
            officer=personas.bank_officer,
            decisions=[
                {"nik": members[0].nik, "approve": True, "amount_rupiah": 6_000_000},
                {"nik": members[1].nik, "approve": False},
            ],
        )
    assert codes(exc) == {"amount_over_request", "reason_required"}
    services.application_decide(
        application=application,
        officer=personas.bank_officer,
        decisions=[{"nik": members[0].nik, "approve": True}],
    )
    assert Application.objects.get(pk=application.pk).status == "forwarded"
    with pytest.raises(ConflictError) as exc:
        services.application_decide(
            application=application,
            officer=personas.bank_officer,
            decisions=[{"nik": members[0].nik, "approve": True}],
        )
    assert exc.value.code == "already_decided"
    services.application_decide(
        application=application,
        officer=personas.bank_officer,
        decisions=[{"nik": p.nik, "approve": True} for p in members[1:]],
    )
    assert Application.objects.get(pk=application.pk).status == "approved"


def test_it_rejects_when_every_member_is_refused(small_mesra, personas):
    application, members = forwarded(personas)
    services.application_decide(
        application=application,
        officer=personas.bank_officer,
        decisions=[{"nik": p.nik, "approve": False, "reason": "BI checking"} for p in members],
    )
    application.refresh_from_db()
    assert application.status == "rejected"
    with pytest.raises(ConflictError):
        services.application_withdraw(application=application, user=members[0].user)


def test_it_lets_only_the_leader_withdraw_before_a_decision(small_mesra, personas):
    application, members = forwarded(personas)
    with pytest.raises(AccessDenied):
        services.application_withdraw(application=application, user=members[1].user)
    services.application_withdraw(application=application, user=members[0].user)
    assert Application.objects.get(pk=application.pk).status == "withdrawn"
    assert not Recommendation.objects.get(application=application, level="rt").is_valid


def disbursed(personas, months_ago=3, **kw):
    application, members = forwarded(personas, **kw)
    services.application_decide(
        application=application,
        officer=personas.bank_officer,
        decisions=[{"nik": p.nik, "approve": True} for p in members],
    )
    start = timezone.localdate() - relativedelta(months=months_ago)
    services.application_disburse(
        application=application, officer=personas.bank_officer, disbursed_on=start
    )
    return Application.objects.get(pk=application.pk), members


def test_it_creates_loans_with_schedules_once(small_mesra, personas):
    application, members = disbursed(personas, term=6)
    loans = Loan.objects.filter(application=application)
    assert loans.count() == 3
    loan = loans.first()
    assert loan.total_rupiah == 5_400_000 and loan.instalments.count() == 6
    assert sum(i.amount_rupiah for i in loan.instalments.all()) == loan.total_rupiah
    with pytest.raises(ConflictError):
        services.application_disburse(
            application=application,
            officer=personas.bank_officer,
            disbursed_on=timezone.localdate(),
        )


def test_it_tracks_arrears_and_par30_by_group_and_kelurahan(small_mesra, personas):
    # given loans disbursed three months ago: three instalments are due
    application, members = disbursed(personas, months_ago=3, term=6)
    loans = list(Loan.objects.filter(application=application).order_by("pk"))
    today = timezone.localdate()
    # one member pays everything due, one pays nothing, one pays the first instalment
    services.repayment_record(
        loan=loans[0], officer=personas.bank_officer, paid_on=today, amount_rupiah=900_000 * 3
    )
    services.repayment_record(
        loan=loans[2], officer=personas.bank_officer, paid_on=today, amount_rupiah=900_000
    )
    by_loan = {loan.pk: selectors.days_past_due(loan) for loan in loans}
    first_due = application.disbursed_on + relativedelta(months=1)
    second_due = application.disbursed_on + relativedelta(months=2)
    assert by_loan[loans[0].pk] == 0
    assert by_loan[loans[1].pk] == (today - first_due).days
    assert by_loan[loans[2].pk] == (today - second_due).days
    by_group = selectors.par(by="group")
    assert len(by_group) == 1
    row = by_group[0]
    assert row["loans"] == 3 and row["in_arrears"] == 2
    at_risk = loans[1].total_rupiah + (loans[2].total_rupiah - 900_000)
    assert row["at_risk_rupiah"] == at_risk
    by_kelurahan = selectors.par(by="kelurahan")
    assert by_kelurahan[0]["name"] == "Beji" and by_kelurahan[0]["at_risk_rupiah"] == at_risk
    totals = selectors.portfolio_totals()
    assert totals["disbursed_rupiah"] == 15_000_000 and totals["par30_percent"] > 0


def test_it_records_a_collection_sheet_and_closes_repaid_loans(small_mesra, personas):
    application, members = disbursed(personas, months_ago=6, term=6)
    sheet = selectors.collection_sheet(application, timezone.localdate())
    assert [row["owed_rupiah"] for row in sheet] == [5_400_000] * 3
    with pytest.raises(RuleError) as exc:
        services.repayment_record(
            loan=sheet[0]["loan"],
            officer=personas.bank_officer,
            paid_on=timezone.localdate(),
            amount_rupiah=5_400_001,
        )
    assert codes(exc) == {"amount_over_outstanding"}
    with pytest.raises(AccessDenied):
        services.collection_record(
            application=application,
            officer=personas.baznas_officer,
            paid_on=timezone.localdate(),
            payments={},
        )
    services.collection_record(
        application=application,
        officer=personas.bank_officer,
        paid_on=timezone.localdate(),
        payments={row["loan"].pk: row["owed_rupiah"] for row in sheet},
    )
    assert set(Loan.objects.filter(application=application).values_list("status", flat=True)) == {
        "closed"
    }
    assert Application.objects.get(pk=application.pk).status == "closed"
    with pytest.raises(ConflictError) as exc:
        services.repayment_record(
            loan=sheet[0]["loan"],
            officer=personas.bank_officer,
            paid_on=timezone.localdate(),
            amount_rupiah=1,
        )
    assert exc.value.code == "loan_closed"


def test_it_counts_the_pipeline_by_status_and_kelurahan(small_mesra, personas):
    application, members = small_application()
    submit(application, members)
    rows = selectors.pipeline()
    assert rows == [
        {
            "status": "awaiting_recommendation",
            "status_label": "Menunggu rekomendasi",
            "kelurahan_code": BEJI,
            "kelurahan": "Beji",
            "count": 1,
        }
    ]
    assert selectors.in_process_count() == 1


# --- scope -------------------------------------------------------------------------------------
def test_it_shows_each_role_only_its_scope(small_mesra, personas):
    draft, draft_members = small_application()
    application, members = forwarded(personas)
    visible = {
        key: set(selectors.applications_for(user).values_list("pk", flat=True))
        for key, user in vars(personas).items()
    }
    assert (
        visible["rt_chair"]
        == visible["rw_chair"]
        == visible["kelurahan_officer"]
        == {application.pk}
    )
    assert visible["other_rt_chair"] == visible["far_rt_chair"] == set()
    assert visible["bank_officer"] == {application.pk}
    assert visible["baznas_officer"] == set()
    assert visible["staff"] == visible["head"] == {draft.pk, application.pk}
    assert visible["outsider"] == set()
    assert set(selectors.applications_for(members[1].user).values_list("pk", flat=True)) == {
        application.pk
    }
    with pytest.raises(AccessDenied):
        selectors.application_get(personas.far_rt_chair, application.pk)
