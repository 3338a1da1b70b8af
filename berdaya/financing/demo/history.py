"""Loans disbursed from January 2022 to a few months ago across Depok, written in bulk as
history (groups, applications, loans, schedules, repayments and their events; most repaid and
closed, a fifth of the groups in arrears). Not through the services: the dates are in the past."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from berdaya.core.models import Event
from berdaya.financing.demo._common import PURPOSES, verified_partner
from berdaya.financing.models import (
    Application,
    ApplicationMember,
    Decision,
    Group,
    GroupMember,
    Instalment,
    Loan,
    LoanStatus,
    Repayment,
    Status,
)
from berdaya.financing.schedule import build_schedule
from berdaya.regions.models import Kelurahan

HISTORY_GROUPS = 24
HISTORY_NAMES = [
    "Sejahtera", "Maju Bersama", "Berkah", "Mandiri", "Harapan", "Sumber Rezeki", "Karya Ibu",
    "Bina Usaha", "Makmur", "Guyub", "Rukun", "Gotong Royong", "Cahaya", "Srikandi", "Amanah",
]  # fmt: skip


def seed_history(rng, product, p) -> int:
    """Groups financed from January 2022 to a few months ago, written in bulk as history."""
    today = timezone.localdate()
    kelurahan = list(Kelurahan.objects.filter(code__startswith="32.76.").order_by("code"))
    start = datetime.date(2022, 1, 10)
    span = (today - relativedelta(months=2) - start).days
    ct = ContentType.objects.get_for_model(Application)
    events: list[tuple[Event, datetime.datetime | None]] = []
    loans_made = 0
    for n in range(HISTORY_GROUPS):
        kel = kelurahan[(n * 7) % len(kelurahan)]
        disbursed_on = start + datetime.timedelta(days=span * n // HISTORY_GROUPS)
        rw = rng.randint(1, 12)
        term = rng.choice([6, 12, 12])
        fee = product.fee_percent(term)
        people_ = [
            verified_partner(
                rng, kelurahan_code=kel.code, rw=rw, rt=rng.randint(1, 8), with_user=(i == 0),
                verified_on=disbursed_on - datetime.timedelta(days=60),
            )
            for i in range(10)
        ]  # fmt: skip
        group = Group.objects.create(
            product=product, name=f"KUB {HISTORY_NAMES[n % len(HISTORY_NAMES)]} {kel.name}",
            leader=people_[0], kelurahan=kel, rw=rw,
        )  # fmt: skip
        signed = timezone.make_aware(datetime.datetime.combine(disbursed_on, datetime.time(9)))
        GroupMember.objects.bulk_create(
            GroupMember(group=group, person=person, is_leader=i == 0,
                        joint_liability_signed_at=signed - datetime.timedelta(days=40))
            for i, person in enumerate(people_)
        )  # fmt: skip
        schedule_end = disbursed_on + relativedelta(months=term)
        finished = schedule_end <= today
        arrears = rng.random() < 0.2  # a fifth of the groups fall behind
        application = Application.objects.create(
            product=product, group=group, applicant=people_[0], kelurahan=kel,
            term_months=term, admin_fee_percent=fee, status=Status.DISBURSED,
            submitted_at=signed - datetime.timedelta(days=30),
            forwarded_at=signed - datetime.timedelta(days=14),
            decided_at=signed - datetime.timedelta(days=7), disbursed_on=disbursed_on,
        )  # fmt: skip
        all_closed = True
        for person in people_:
            amount = rng.choice([2, 3, 4, 5, 5]) * 1_000_000
            member = ApplicationMember.objects.create(
                application=application, person=person, amount_rupiah=amount,
                purpose=rng.choice(PURPOSES), decision=Decision.APPROVED,
                approved_amount_rupiah=amount,
            )  # fmt: skip
            schedule = build_schedule(
                product=product, amount_rupiah=amount, term_months=term, fee_percent=fee,
                start=disbursed_on,
            )  # fmt: skip
            behind = arrears and rng.random() < 0.5
            due_paid = [
                (due, amt) for due, amt in schedule.instalments
                if due <= today and not (behind and due > disbursed_on + relativedelta(months=2))
            ]  # fmt: skip
            paid = sum(amt for _, amt in due_paid)
            closed = paid == schedule.total_rupiah
            all_closed &= closed
            loan = Loan.objects.create(
                application=application, member=member, person=person, kelurahan=person.kelurahan,
                principal_rupiah=amount, admin_fee_rupiah=schedule.admin_fee_rupiah,
                total_rupiah=schedule.total_rupiah, paid_rupiah=paid, term_months=term,
                disbursed_on=disbursed_on,
                status=LoanStatus.CLOSED if closed else LoanStatus.ACTIVE,
                closed_on=due_paid[-1][0] if closed else None,
            )  # fmt: skip
            paid_dates = {due for due, _ in due_paid}
            Instalment.objects.bulk_create(
                Instalment(loan=loan, number=i, due_date=due, amount_rupiah=amt,
                           paid_rupiah=amt if due in paid_dates else 0,
                           paid_on=due if due in paid_dates else None)
                for i, (due, amt) in enumerate(schedule.instalments, start=1)
            )  # fmt: skip
            Repayment.objects.bulk_create(
                Repayment(loan=loan, paid_on=due, amount_rupiah=amt, recorded_by=p.bank_officer)
                for due, amt in due_paid
            )  # fmt: skip
            loans_made += 1
        steps = [
            ("submitted", Status.DRAFT, Status.AWAITING_RECOMMENDATION, application.submitted_at),
            ("forwarded", Status.AWAITING_VERIFICATION, Status.FORWARDED, application.forwarded_at),
            ("decided", Status.FORWARDED, Status.APPROVED, application.decided_at),
            ("disbursed", Status.APPROVED, Status.DISBURSED, signed),
        ]  # fmt: skip
        if finished and all_closed:
            application.status = Status.CLOSED
            application.closed_on = schedule_end
            application.save(update_fields=["status", "closed_on"])
            closed_at = timezone.make_aware(
                datetime.datetime.combine(schedule_end, datetime.time(15))
            )
            steps.append(("closed", Status.DISBURSED, Status.CLOSED, closed_at))
        events.extend(
            (Event(content_type=ct, object_id=str(application.pk), verb=verb,
                   from_status=a, to_status=b), at)
            for verb, a, b, at in steps
        )  # fmt: skip
    created = Event.objects.bulk_create([e for e, _ in events])
    for event, (_, at) in zip(created, events, strict=True):
        Event.objects.filter(pk=event.pk).update(created_at=at)
    return loans_made
