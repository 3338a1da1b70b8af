"""Route policies of programmes, batches, sessions, attendance and certificates
(the rules of declaring them: ``tests/route_policies/__init__.py``)."""

from __future__ import annotations

from tests.route_policies.base import (
    ALL_STAFF,
    EVERYONE,
    LOGGED_IN,
    OWNER,
    STAFF,
    Policy,
    op,
    page,
)

PAGES: dict[str, Policy] = {
    # training
    "pelatihan/": page(LOGGED_IN),
    "pelatihan/program/baru/": page(ALL_STAFF, form=True),
    "pelatihan/angkatan/baru/": page(ALL_STAFF, form=True),
    "pelatihan/angkatan/<int:pk>/": page(LOGGED_IN, args={"pk": "batch"}),
    # Anyone logged in may ask for a place (without a registration they are sent to register).
    "pelatihan/angkatan/<int:pk>/daftar/": page(LOGGED_IN, args={"pk": "batch"}, post=True),
    "pelatihan/angkatan/<int:pk>/batal/": page(OWNER, args={"pk": "batch"}, post=True),
    "pelatihan/angkatan/<int:pk>/pendaftaran/": page(
        STAFF, args={"pk": "batch"}, post=True, data={"open": "1"}
    ),
    "pelatihan/angkatan/<int:pk>/kapasitas/": page(
        STAFF, args={"pk": "batch"}, post=True, data={"capacity": "25"}
    ),
    "pelatihan/angkatan/<int:pk>/peserta/": page(STAFF, args={"pk": "batch"}, form=True),
    "pelatihan/angkatan/<int:pk>/peserta.xlsx": page(STAFF, args={"pk": "batch"}),
    "pelatihan/angkatan/<int:pk>/peserta.csv": page(STAFF, args={"pk": "batch"}),
    "pelatihan/angkatan/<int:pk>/selesai/": page(STAFF, args={"pk": "batch"}, post=True),
    "pelatihan/sesi/<int:pk>/presensi/": page(STAFF, args={"pk": "session"}, form=True),
    # the printable attendance sheet (issue 14): staff of the batch, like the attendance page
    "pelatihan/sesi/<int:pk>/daftar-hadir/": page(STAFF, args={"pk": "session"}),
    "pelatihan/sesi/<int:pk>/presensi/<int:enrollment_pk>/": page(
        STAFF,
        args={"pk": "session", "enrollment_pk": "enrollment"},
        post=True,
        data={"present": "1"},
    ),
    # only a participant of the batch checks in (anyone else: 404, as for a made-up session)
    "pelatihan/sesi/<int:pk>/hadir/<str:code>/": page(
        OWNER, args={"pk": "session", "code": "session_code"}
    ),
    "pelatihan/sertifikat/<int:pk>/unduh/": page(OWNER | STAFF, args={"pk": "certificate"}),
    "pelatihan/sertifikat/<int:pk>/cabut/": page(
        STAFF, args={"pk": "certificate"}, post=True, data={"reason": "uji"}
    ),
    "sertifikat/<str:code>/": page(EVERYONE, args={"code": "certificate_code"}),
}

API: dict[str, Policy] = {
    # training
    "POST /training/programs": op(ALL_STAFF, data={"name": "Program Uji Rute"}),
    "GET /training/programs": op(LOGGED_IN),
    # a batch in kecamatan Beji: not for the staff of another kecamatan (a rule refusal, 422)
    "POST /training/batches": op(
        STAFF,
        rule_refusal=True,
        data={
            "program": "@program",
            "name": "Angkatan Uji Rute",
            "capacity": 10,
            "kecamatan_code": "32.76.06",
            "sessions": [],
        },
    ),
    "GET /training/batches": op(LOGGED_IN),
    "GET /training/batches/{batch_id}": op(LOGGED_IN, args={"batch_id": "batch"}),
    "POST /training/batches/{batch_id}/registrations": op(LOGGED_IN, args={"batch_id": "batch"}),
    "DELETE /training/batches/{batch_id}/registrations": op(OWNER, args={"batch_id": "batch"}),
    "POST /training/sessions/{session_id}/attendance": op(
        STAFF, args={"session_id": "session"}, data={"nik": "@owner_nik"}
    ),
    "POST /training/sessions/{session_id}/checkin": op(
        LOGGED_IN, args={"session_id": "session"}, data={"code": "@session_code"}
    ),
    "POST /training/batches/{batch_id}/complete": op(STAFF, args={"batch_id": "batch"}),
    "GET /me/certificates": op(LOGGED_IN),
    "GET /me/trainings": op(LOGGED_IN),
}
