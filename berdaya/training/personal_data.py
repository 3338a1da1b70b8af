"""Training's part of "Unduh semua data saya": the person's enrolments, attendance and
certificates."""

from __future__ import annotations

from django.urls import reverse

from berdaya.core.own_data import Part, iso
from berdaya.training.models import Attendance, Certificate, Enrollment

ENROLMENT_FIELDS = (
    ("program", "Program"),
    ("batch", "Angkatan"),
    ("starts_on", "Mulai"),
    ("ends_on", "Selesai"),
    ("status", "Status"),
    ("registered_at", "Mendaftar"),
    ("cancelled_at", "Dibatalkan"),
)
ATTENDANCE_FIELDS = (
    ("program", "Program"),
    ("batch", "Angkatan"),
    ("session", "Sesi ke"),
    ("session_starts_at", "Waktu sesi"),
    ("method", "Cara hadir"),
    ("recorded_at", "Dicatat"),
)
CERTIFICATE_FIELDS = (
    ("number", "Nomor sertifikat"),
    ("program", "Program"),
    ("batch", "Angkatan"),
    ("issued_on", "Tanggal terbit"),
    ("attended_sessions", "Sesi dihadiri"),
    ("total_sessions", "Jumlah sesi"),
    ("revoked_at", "Dicabut"),
    ("verify_path", "Alamat periksa keaslian"),
)


def personal_data(person) -> list[Part]:
    enrolments = [
        {
            "program": e.batch.program.name,
            "batch": e.batch.name,
            "starts_on": iso(e.batch.starts_on),
            "ends_on": iso(e.batch.ends_on),
            "status": e.get_status_display(),
            "registered_at": iso(e.registered_at),
            "cancelled_at": iso(e.cancelled_at),
        }
        for e in Enrollment.objects.filter(person=person)
        .select_related("batch__program")
        .order_by("registered_at", "id")
    ]
    attendance = [
        {
            "program": a.session.batch.program.name,
            "batch": a.session.batch.name,
            "session": a.session.number,
            "session_starts_at": iso(a.session.starts_at),
            "method": a.get_method_display(),
            "recorded_at": iso(a.recorded_at),
        }
        for a in Attendance.objects.filter(enrollment__person=person)
        .select_related("session__batch__program")
        .order_by("session__starts_at", "id")
    ]
    certificates = [
        {
            "number": c.number,
            "program": c.batch.program.name,
            "batch": c.batch.name,
            "issued_on": iso(c.issued_on),
            "attended_sessions": c.attended_sessions,
            "total_sessions": c.total_sessions,
            "revoked_at": iso(c.revoked_at),
            "verify_path": reverse("training:verify", args=[c.code]),
        }
        for c in Certificate.objects.filter(person=person)
        .select_related("batch__program")
        .order_by("issued_on", "id")
    ]
    return [
        Part(
            "training_enrolments", "Pendaftaran pelatihan", ENROLMENT_FIELDS, enrolments, "program"
        ),
        Part(
            "training_attendance", "Kehadiran pelatihan", ATTENDANCE_FIELDS, attendance, "program"
        ),
        Part(
            "training_certificates",
            "Sertifikat pelatihan",
            CERTIFICATE_FIELDS,
            certificates,
            "number",
        ),
    ]
