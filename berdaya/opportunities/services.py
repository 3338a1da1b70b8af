"""Writes of the opportunities app. Each step locks its row, checks the status, writes one event
(``OpportunityEvents``) and notifies on commit. Lock order: opportunity, then its applications."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from berdaya.core import events
from berdaya.core.errors import ConflictError, Problem, RuleError
from berdaya.core.money import grouped
from berdaya.core.notify import notify_user
from berdaya.opportunities import alerts, cleaning, rules, selectors
from berdaya.opportunities.models import (
    AlertPreference,
    ApplicationStatus,
    Opportunity,
    OpportunityApplication,
    OpportunityDocument,
    OpportunityEvents,
    OpportunityStatus,
)

EDITABLE = (OpportunityStatus.DRAFT, OpportunityStatus.PUBLISHED)


def _locked(opportunity: Opportunity) -> Opportunity:
    return Opportunity.objects.select_for_update().get(pk=opportunity.pk)


def _conflict_status(code: str, opportunity: Opportunity, what: str) -> ConflictError:
    return ConflictError(
        code, f"{what} tidak dapat dilakukan: status peluang {opportunity.current_status_label()}."
    )


# --- opportunities ----------------------------------------------------------------------------


def opportunity_create(*, actor, **fields) -> Opportunity:
    """A draft opportunity. Fields as in ``cleaning.FIELDS`` (eligibility flattened)."""
    selectors.require_staff(actor)
    data = cleaning.clean_fields(fields)
    opportunity = Opportunity(created_by=actor, **data)
    cleaning.check_whole(opportunity, publishing=False)
    with transaction.atomic():
        opportunity.save()
        events.record(opportunity, OpportunityEvents.CREATED, actor=actor, to_status="draft")
    return opportunity


def opportunity_update(*, actor, opportunity: Opportunity, **changes) -> Opportunity:
    """Change a draft or published opportunity. Applicants who already applied stay; the
    applicant list shows who no longer fits."""
    selectors.require_staff(actor)
    data = cleaning.clean_fields(changes, partial=True)
    with transaction.atomic():
        opp = _locked(opportunity)
        if opp.current_status() not in EDITABLE:
            raise _conflict_status("opportunity_not_editable", opp, "Perubahan")
        for name, value in data.items():
            setattr(opp, name, value)
        if "training_required" in data and not data["training_required"]:
            opp.training_program = None
        cleaning.check_whole(opp, publishing=opp.status == OpportunityStatus.PUBLISHED)
        opp.save()
        events.record(opp, OpportunityEvents.UPDATED, actor=actor, data={"fields": sorted(data)})
    return opp


def opportunity_publish(*, actor, opportunity: Opportunity) -> Opportunity:
    """Publish a draft; the partners it fits hear of it (in the app now, by WhatsApp/SMS in the
    day's digest)."""
    selectors.require_staff(actor)
    with transaction.atomic():
        opp = _locked(opportunity)
        if opp.status != OpportunityStatus.DRAFT:
            raise _conflict_status("opportunity_not_draft", opp, "Penerbitan")
        cleaning.check_whole(opp, publishing=True)
        opp.status = OpportunityStatus.PUBLISHED
        opp.published_at = timezone.now()
        opp.save(update_fields=["status", "published_at", "updated_at"])
        events.record(
            opp, OpportunityEvents.PUBLISHED, actor=actor, from_status="draft",
            to_status="published",
        )  # fmt: skip
        alerts.queue_for(opp, actor=actor)
    return opp


def opportunity_close(*, actor, opportunity: Opportunity) -> Opportunity:
    selectors.require_staff(actor)
    with transaction.atomic():
        opp = _locked(opportunity)
        if opp.status != OpportunityStatus.PUBLISHED:
            raise _conflict_status("opportunity_not_published", opp, "Penutupan")
        opp.status = OpportunityStatus.CLOSED
        opp.closed_at = timezone.now()
        opp.save(update_fields=["status", "closed_at", "updated_at"])
        events.record(
            opp, OpportunityEvents.CLOSED, actor=actor, from_status="published",
            to_status="closed",
        )  # fmt: skip
    return opp


def opportunity_cancel(*, actor, opportunity: Opportunity, note: str = "") -> Opportunity:
    """Cancel an opportunity that has no selection yet; its applicants are told."""
    selectors.require_staff(actor)
    with transaction.atomic():
        opp = _locked(opportunity)
        if opp.status in (OpportunityStatus.SELECTED, OpportunityStatus.CANCELLED):
            raise _conflict_status("opportunity_not_cancellable", opp, "Pembatalan")
        before = opp.status
        opp.status = OpportunityStatus.CANCELLED
        opp.save(update_fields=["status", "updated_at"])
        events.record(
            opp, OpportunityEvents.CANCELLED, actor=actor, from_status=before,
            to_status="cancelled", note=note,
        )  # fmt: skip
        for a in opp.applications.filter(status=ApplicationStatus.APPLIED).select_related(
            "applicant"
        ):
            notify_user(
                a.applicant, title=f"Peluang dibatalkan: {opp.title}",
                body=note or "Penyelenggara membatalkan peluang ini.",
                url=reverse("opportunities:detail", args=[opp.pk]),
            )  # fmt: skip
    return opp


def opportunities_close_expired(*, today=None) -> int:
    """Write down ``closed`` for published opportunities past their deadline (the pages already
    show them closed). Returns how many were closed."""
    today = today or timezone.localdate()
    closed = 0
    for pk in Opportunity.objects.filter(
        status=OpportunityStatus.PUBLISHED, deadline__lt=today
    ).values_list("pk", flat=True):
        with transaction.atomic():
            opp = Opportunity.objects.select_for_update().get(pk=pk)
            if opp.status != OpportunityStatus.PUBLISHED or opp.deadline >= today:
                continue
            opp.status = OpportunityStatus.CLOSED
            opp.closed_at = timezone.now()
            opp.save(update_fields=["status", "closed_at", "updated_at"])
            events.record(
                opp, OpportunityEvents.EXPIRED, from_status="published", to_status="closed"
            )
            closed += 1
    return closed


def document_add(*, actor, opportunity: Opportunity, title: str, upload) -> OpportunityDocument:
    selectors.require_staff(actor)
    title = (title or "").strip()[:150] or (getattr(upload, "name", "") or "Dokumen")[:150]
    if upload is None:
        raise RuleError.one("file_required", "Pilih berkas PDF.", field="file")
    cleaning.check_pdf(upload, field="file")
    with transaction.atomic():
        opp = _locked(opportunity)
        if opp.status == OpportunityStatus.CANCELLED:
            raise _conflict_status("opportunity_cancelled", opp, "Menambah dokumen")
        document = OpportunityDocument.objects.create(
            opportunity=opp, title=title, file=upload, uploaded_by=actor
        )
        events.record(opp, OpportunityEvents.DOCUMENT_ADDED, actor=actor, note=title)
    return document


# --- applications ---------------------------------------------------------------------------


def next_url_for(opportunity: Opportunity) -> str | None:
    """Where a financing-backed opportunity leads: the product's group or application form."""
    product = opportunity.financing_product
    if product is None:
        return None
    name = (
        "financing:group_create"
        if product.borrower_type == "group"
        else ("financing:application_create")
    )
    return f"{reverse(name)}?produk={product.code}"


def application_apply(
    *, user, opportunity: Opportunity, business, note: str = "", attachment=None
) -> OpportunityApplication:
    """One application per business per opportunity (a withdrawn one may apply again)."""
    if business is None:
        raise RuleError.one("business_required", rules.MESSAGES["business_required"],
                            field="business")  # fmt: skip
    if not getattr(user, "is_authenticated", False) or business.owner.user_id != user.pk:
        raise RuleError.one(
            "business_not_yours", "Anda hanya dapat mendaftarkan usaha milik Anda sendiri.",
            field="business",
        )  # fmt: skip
    note = (note or "").replace("\x00", "").strip()
    if len(note) > 500:
        raise RuleError.one("note_too_long", "Catatan paling banyak 500 karakter.", field="note")
    cleaning.check_pdf(attachment)
    facts = rules.facts_for(business)
    with transaction.atomic():
        opp = _locked(opportunity)
        existing = (
            OpportunityApplication.objects.select_for_update()
            .filter(opportunity=opp, business=business)
            .first()
        )
        if existing is not None and existing.status != ApplicationStatus.WITHDRAWN:
            raise ConflictError("already_applied", "Usaha ini sudah mendaftar untuk peluang ini.")
        taken = selectors.taken_count(opp)
        codes = rules.availability_codes(opp, taken=taken)
        if codes:
            raise RuleError(Problem(codes[0], rules.message_for(codes[0], opp), "opportunity"))
        codes = rules.eligibility_codes(opp, facts)
        if codes:
            raise RuleError(*[Problem(c, rules.message_for(c, opp), "business") for c in codes])
        now = timezone.now()
        values = {
            "person_id": business.owner_id, "applicant": user, "note": note,
            "status": ApplicationStatus.APPLIED, "applied_at": now, "decided_at": None,
        }  # fmt: skip
        if attachment is not None:
            values["attachment"] = attachment
        try:
            if existing is None:
                with transaction.atomic():
                    application = OpportunityApplication.objects.create(
                        opportunity=opp, business=business, **values
                    )
            else:
                for name, value in values.items():
                    setattr(existing, name, value)
                existing.save()
                application = existing
        except IntegrityError:
            raise ConflictError(
                "already_applied", "Usaha ini sudah mendaftar untuk peluang ini."
            ) from None
        events.record(
            application, OpportunityEvents.APPLIED, actor=user, to_status="applied",
            data={"opportunity": opp.pk},
        )  # fmt: skip
    return application


def application_withdraw(*, user, application: OpportunityApplication) -> OpportunityApplication:
    """The partner withdraws until the deadline."""
    with transaction.atomic():
        opp = Opportunity.objects.select_for_update().get(pk=application.opportunity_id)
        app = OpportunityApplication.objects.select_for_update().get(pk=application.pk)
        if app.status != ApplicationStatus.APPLIED:
            raise ConflictError(
                "not_applied",
                f"Lamaran ini tidak dapat ditarik (status {app.get_status_display()}).",
            )
        if opp.current_status() != OpportunityStatus.PUBLISHED:
            raise ConflictError(
                "withdraw_closed", "Pendaftaran sudah ditutup; lamaran tidak dapat ditarik lagi."
            )
        app.status = ApplicationStatus.WITHDRAWN
        app.save(update_fields=["status", "updated_at"])
        events.record(
            app, OpportunityEvents.WITHDRAWN, actor=user, from_status="applied",
            to_status="withdrawn",
        )  # fmt: skip
    return app


@dataclass
class SelectionResult:
    opportunity: Opportunity
    selected: int
    not_selected: int


def selection_make(*, actor, opportunity: Opportunity, selected_ids) -> SelectionResult:
    """Choose participants (up to the quota) once registration is closed. Every applicant hears
    the outcome."""
    selectors.require_staff(actor)
    try:
        wanted = sorted({int(i) for i in selected_ids or []})
    except (TypeError, ValueError):
        raise RuleError.one(
            "application_unknown", "Daftar lamaran terpilih tidak valid.", field="selected"
        ) from None
    with transaction.atomic():
        opp = _locked(opportunity)
        current = opp.current_status()
        if current == OpportunityStatus.PUBLISHED:
            raise ConflictError(
                "opportunity_open", "Pendaftaran masih dibuka: tutup pendaftaran dulu, lalu pilih."
            )
        if current != OpportunityStatus.CLOSED:
            raise _conflict_status("selection_not_allowed", opp, "Pemilihan peserta")
        applied = {
            a.pk: a
            for a in OpportunityApplication.objects.select_for_update(of=("self",))
            .filter(opportunity=opp, status=ApplicationStatus.APPLIED)
            .select_related("applicant")
        }
        unknown = [i for i in wanted if i not in applied]
        if unknown:
            raise RuleError.one(
                "application_unknown",
                f"Lamaran {', '.join(map(str, unknown))} bukan pelamar aktif peluang ini.",
                field="selected",
            )
        if opp.quota is not None and len(wanted) > opp.quota:
            raise RuleError.one(
                "quota_exceeded",
                f"Terpilih {grouped(len(wanted))} melebihi kuota {grouped(opp.quota)}.",
                field="selected",
            )
        now = timezone.now()
        chosen = set(wanted)
        url = reverse("opportunities:history")
        for pk, a in applied.items():
            a.status = (
                ApplicationStatus.SELECTED if pk in chosen else ApplicationStatus.NOT_SELECTED
            )
            a.decided_at = now
        OpportunityApplication.objects.bulk_update(applied.values(), ["status", "decided_at"])
        before = opp.status
        opp.status = OpportunityStatus.SELECTED
        opp.selected_at = now
        opp.save(update_fields=["status", "selected_at", "updated_at"])
        events.record(
            opp, OpportunityEvents.SELECTED, actor=actor, from_status=before,
            to_status="selected",
            data={"selected": len(chosen), "not_selected": len(applied) - len(chosen)},
        )  # fmt: skip
        for pk, a in applied.items():
            if pk in chosen:
                title, body = (
                    f"Selamat, Anda terpilih: {opp.title}",
                    f"Penyelenggara: {opp.provider}. Tunggu kabar berikutnya.",
                )
            else:
                title, body = (
                    f"Belum terpilih: {opp.title}",
                    "Terima kasih sudah mendaftar. Nantikan peluang lainnya.",
                )
            notify_user(a.applicant, title=title, body=body, url=url)  # fmt: skip
    return SelectionResult(opp, len(chosen), len(applied) - len(chosen))


def alerts_set(*, user, enabled: bool) -> AlertPreference:
    """A partner turns new-opportunity alerts on or off."""
    pref, _ = AlertPreference.objects.update_or_create(
        user=user, defaults={"enabled": bool(enabled)}
    )
    if not enabled:
        alerts.drop_pending(user)
    return pref
