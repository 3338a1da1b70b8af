"""Training pages: lists, batch page with registration, staff rosters and attendance, check-in
by QR, certificates and their public verification."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from berdaya.accounts.decorators import staff_only
from berdaya.accounts.selectors import is_staff
from berdaya.core.cleaning import CleanError, clean_int
from berdaya.core.errors import ConflictError, RuleError
from berdaya.core.money import grouped
from berdaya.core.once import once_per_token
from berdaya.core.pagination import keyset_page
from berdaya.core.pdf import qr_svg_data_uri, render_pdf
from berdaya.core.public_url import public_url
from berdaya.core.refusals import show_refusal
from berdaya.training import selectors, services
from berdaya.training.documents import certificate_context
from berdaya.training.forms import BatchForm, NikForm, ProgramForm
from berdaya.training.models import BatchStatus, Program


def _message(exc: RuleError | ConflictError) -> str:
    return exc.problems[0].message if isinstance(exc, RuleError) else exc.message


def registry_register_url(next_url: str = "") -> str:
    try:
        url = reverse("registry:register")
    except NoReverseMatch:
        url = reverse("core:home")
    return f"{url}?next={next_url}" if next_url else url


@login_required
def index(request):
    """Staff: every batch, filtered. Others: their trainings, certificates and open batches."""
    if is_staff(request.user):
        g = request.GET
        qs = selectors.batch_list(
            request.user, status=g.get("status", ""), program=g.get("program", ""),
            needs=g.get("perlu", ""),
        )  # fmt: skip
        page = keyset_page(qs, cursor=g.get("cursor"), size=25)
        context = {"page": page, "programs": Program.objects.all(), "statuses": BatchStatus}
        return render(request, "training/staff_index.html", context)
    person = selectors.person_for_user(request.user)
    context = {
        "person": person,
        "enrollments": selectors.enrollments_of_person(person),
        "certificates": selectors.certificates_of_person(person),
        "open_batches": selectors.open_batches()[:20],
        "register_url": registry_register_url(reverse("training:index")),
    }
    return render(request, "training/index.html", context)


@staff_only
@once_per_token
def program_create(request):
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_create(actor=request.user, **form.cleaned_data)
        except (RuleError, ConflictError) as exc:
            form.add_error("name", exc.message if hasattr(exc, "message") else str(exc))
        else:
            messages.success(request, "Program pelatihan disimpan.")
            return redirect("training:batch_create")
    return render(request, "training/program_form.html", {"form": form})


@staff_only
@once_per_token
def batch_create(request):
    form = BatchForm(request.POST or None, initial={"program": request.GET.get("program")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = services.batch_create(
                actor=request.user,
                program=data["program"],
                name=data["name"],
                capacity=data["capacity"],
                kecamatan_code=data["kecamatan"] or None,
                venue=data["venue"],
                online_url=data["online_url"],
                trainer=data["trainer"],
                status=BatchStatus.OPEN if data["open"] else BatchStatus.CLOSED,
                sessions=data["sessions"],
            )
        except RuleError as exc:
            for p in exc.problems:
                form.add_error(p.field if p.field in form.fields else None, p.message)
        else:
            messages.success(request, "Angkatan pelatihan dibuat.")
            return redirect("training:batch_detail", batch.pk)
    return render(request, "training/batch_form.html", {"form": form})


@login_required
def batch_detail(request, pk: int):
    batch = selectors.batch_get(request.user, pk)
    person = selectors.person_for_user(request.user)
    enrollment = selectors.enrollment_of(batch, person)
    context = {
        "batch": batch,
        "sessions": batch.sessions.order_by("starts_at"),
        "enrollment": enrollment,
        "position": selectors.waitlist_position(enrollment) if enrollment else None,
        "is_staff": is_staff(request.user),
        # The staff links (roster, attendance, forms) by batch_for_staff's own rule.
        "can_work": selectors.can_work_on_batch(request.user, batch),
        "person": person,
        "now": timezone.now(),
    }
    return render(request, "training/batch_detail.html", context)


@login_required
@require_POST
@once_per_token
def batch_register(request, pk: int):
    batch = selectors.batch_get(request.user, pk)
    person = selectors.person_for_user(request.user)
    if person is None:
        messages.info(request, "Isi data diri dan usaha Anda dulu, lalu daftar pelatihan.")
        return redirect(registry_register_url(reverse("training:batch_detail", args=[pk])))
    try:
        enrollment = services.enrollment_register(batch=batch, person=person, actor=request.user)
    except (RuleError, ConflictError) as exc:
        show_refusal(request, exc)
    else:
        if enrollment.status == "registered":
            messages.success(request, "Anda terdaftar. Konfirmasi dikirim lewat WhatsApp.")
        else:
            messages.warning(request, "Angkatan penuh: Anda masuk daftar tunggu.")
    return redirect("training:batch_detail", pk)


@login_required
@require_POST
@once_per_token
def batch_cancel(request, pk: int):
    batch = selectors.batch_get(request.user, pk)
    enrollment = selectors.enrollment_of(batch, selectors.person_for_user(request.user))
    if enrollment is None:
        raise Http404
    try:
        services.enrollment_cancel(enrollment=enrollment, actor=request.user)
    except ConflictError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, "Pendaftaran Anda dibatalkan.")
    return redirect("training:batch_detail", pk)


@staff_only
@require_POST
@once_per_token
def batch_open(request, pk: int):
    batch = selectors.batch_for_staff(request.user, pk)
    try:
        services.batch_set_open(
            batch=batch, actor=request.user, open=request.POST.get("open") == "1"
        )
    except ConflictError as exc:
        show_refusal(request, exc)
    return redirect("training:batch_detail", pk)


@staff_only
@require_POST
@once_per_token
def batch_capacity(request, pk: int):
    batch = selectors.batch_for_staff(request.user, pk)
    try:
        capacity = clean_int(request.POST.get("capacity"), low=0, high=100_000, default=0) or 0
    except CleanError:
        capacity = 0
    try:
        services.batch_set_capacity(batch=batch, actor=request.user, capacity=capacity)
    except RuleError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, f"Kapasitas menjadi {grouped(capacity)} orang.")
    return redirect("training:batch_detail", pk)


@staff_only
@require_POST
@once_per_token
def certificate_revoke(request, pk: int):
    certificate = selectors.certificate_for_user(request.user, pk)
    try:
        services.certificate_revoke(
            certificate=certificate, actor=request.user, reason=request.POST.get("reason", "")
        )
    except (RuleError, ConflictError) as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, f"Sertifikat {certificate.number} dicabut.")
    return redirect("training:roster", certificate.batch_id)


@staff_only
@once_per_token
def batch_roster(request, pk: int):
    """Participants with attendance; staff may add a walk-in participant by NIK."""
    batch = selectors.batch_for_staff(request.user, pk)
    form = NikForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = selectors.person_by_nik(form.cleaned_data["nik"])
        try:
            if person is None:
                raise RuleError.one("nik_unknown", "NIK ini belum terdaftar; daftarkan dulu.")
            enrollment = services.enrollment_register(
                batch=batch, person=person, actor=request.user
            )
        except (RuleError, ConflictError) as exc:
            form.add_error("nik", _message(exc))
        else:
            messages.success(request, f"{person.full_name}: {enrollment.get_status_display()}.")
            return redirect("training:roster", pk)
    context = {
        "form": form,
        "batch": batch,
        "rows": selectors.roster(batch),
        "sessions": batch.sessions.order_by("starts_at"),
    }
    return render(request, "training/roster.html", context)


@staff_only
@require_POST
@once_per_token
def batch_complete(request, pk: int):
    batch = selectors.batch_for_staff(request.user, pk)
    try:
        result = services.batch_complete(batch=batch, actor=request.user)
    except (RuleError, ConflictError) as exc:
        show_refusal(request, exc)
    else:
        messages.success(
            request,
            f"Angkatan selesai: {len(result.certified)} bersertifikat, "
            f"{len(result.not_certified)} belum memenuhi syarat kehadiran.",
        )
    return redirect("training:roster", pk)


def _checkin_url(request, session) -> str:
    path = reverse("training:checkin", args=[session.pk, session.checkin_code])
    return public_url(request, path)


@staff_only
@once_per_token
def session_attendance(request, pk: int):
    session = selectors.session_for_staff(request.user, pk)
    form = NikForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = selectors.person_by_nik(form.cleaned_data["nik"])
        try:
            services.attendance_record(session=session, person=person, actor=request.user)
        except RuleError as exc:
            form.add_error("nik", exc.problems[0].message)
        else:
            messages.success(request, f"Kehadiran {person.full_name} dicatat.")
            return redirect("training:session_attendance", pk)
    running = selectors.checkin_window_open(session)
    checkin_url = _checkin_url(request, session) if running else None
    context = {
        "session": session,
        "batch": session.batch,
        "rows": selectors.session_roster(session),
        "form": form,
        "checkin_url": checkin_url,  # what the QR code holds, also printed under it
        "qr": qr_svg_data_uri(checkin_url) if checkin_url else None,
        "started": timezone.now() >= session.starts_at,
    }
    return render(request, "training/session_attendance.html", context)


@staff_only
@require_POST
@once_per_token
def session_mark(request, pk: int, enrollment_pk: int):
    """Mark one participant present or absent (one tap on a phone; htmx swaps the row)."""
    session = selectors.session_for_staff(request.user, pk)
    row = selectors.session_roster(session).filter(pk=enrollment_pk).first()
    if row is None:
        raise Http404
    try:
        if request.POST.get("present") == "1":
            services.attendance_record(session=session, person=row.person, actor=request.user)
        else:
            services.attendance_remove(session=session, enrollment=row, actor=request.user)
    except (RuleError, ConflictError) as exc:
        show_refusal(request, exc)
    row = selectors.session_roster(session).get(pk=enrollment_pk)
    if request.htmx:
        return render(request, "training/_attendance_row.html", {"row": row, "session": session})
    return redirect("training:session_attendance", pk)


@login_required
@once_per_token
def checkin(request, pk: int, code: str):
    """The page behind a session's QR code: the participant confirms their attendance."""
    session = selectors.session_get(pk)
    done = None
    problem = selectors.checkin_problem(session, code)
    if request.method != "POST" and not selectors.is_participant(session, request.user):
        # The service would refuse the POST (not a participant): the form is not shown at all.
        raise Http404
    if request.method == "POST":
        try:
            services.attendance_checkin(session=session, code=code, user=request.user)
            done = True
        except (RuleError, ConflictError) as exc:
            show_refusal(request, exc)
            done = False
    return render(
        request,
        "training/checkin.html",
        {"session": session, "batch": session.batch, "done": done, "problem": problem},
    )


@login_required
def certificate_pdf(request, pk: int):
    certificate = selectors.certificate_for_user(request.user, pk)
    url = public_url(request, reverse("training:verify", args=[certificate.code]))
    pdf = render_pdf("training/certificate_pdf.html", certificate_context(certificate, url))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"sertifikat-{certificate.number.replace('/', '-')}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def verify(request, code: str):
    """Public: is this certificate genuine and valid? Name, program and date only."""
    certificate = selectors.certificate_by_code(code)
    status = 404 if certificate is None else 200
    response = render(request, "training/verify.html", {"c": certificate}, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response
