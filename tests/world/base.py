"""The personas of the world (``PERSONAS``), the ``World`` they look at, and the helpers that log
them in (a saved session, a bearer token) and make their files."""

from __future__ import annotations

import io
import json
import time
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from berdaya.core.personas import BEJI, DEMO_PASSWORD, KUKUSAN

OTHER_KECAMATAN = "32.76.01"  # Pancoran Mas: not Beji's 32.76.06

# Every persona checked on every route. "anon" is the anonymous visitor.
PERSONAS = (
    "anon",
    "partner",  # the owner of the world's data
    "partner_far",  # another pelaku usaha with their own data in another kecamatan
    "partner_nodata",  # a pelaku usaha with no registration (personas.outsider)
    "rt_chair",  # Ketua RT 3/RW 7 Beji: the owner's RT
    "other_rt_chair",  # Ketua RT 4/RW 7 Beji
    "far_rt_chair",  # Ketua RT 1/RW 2 Depok Jaya
    "rw_chair",  # Ketua RW 7 Beji
    "other_rw_chair",  # Ketua RW 8 Beji
    "kelurahan_officer",  # petugas kelurahan Beji
    "other_kelurahan_officer",  # petugas kelurahan Kukusan (same kecamatan)
    "staff",  # staf DKUM, city-wide
    "other_kecamatan_staff",  # staf DKUM scoped to kecamatan Pancoran Mas
    "admin",  # admin DKUM
    "bank_officer",  # petugas lembaga, Bank BJB (Kredit Mesra's lender)
    "baznas_officer",  # petugas lembaga, BAZNAS (another lender)
    "head",  # pimpinan
    "coop_board",  # pengurus koperasi
)


@dataclass
class World:
    users: dict = field(default_factory=dict)  # persona -> User (no "anon")
    sessions: dict = field(default_factory=dict)  # persona -> session key
    tokens: dict = field(default_factory=dict)  # persona -> API bearer token
    ids: dict = field(default_factory=dict)  # object name -> pk / code / token
    text: dict = field(default_factory=dict)  # marker name -> a text only that object shows

    def client(self, persona: str) -> Client:
        """A fresh test client carrying ``persona``'s session (CSRF checks off, as Django's test
        Client does by default)."""
        client = Client()
        if persona != "anon":
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[persona]
        return client

    def api_headers(self, persona: str) -> dict:
        if persona == "anon":
            return {}
        return {"Authorization": f"Bearer {self.tokens[persona]}"}


def _session_for(user) -> str:
    """A saved session of ``user`` (like ``force_login``, without the login signal)."""
    client = Client()
    session = client.session
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "berdaya.accounts.backends.PhoneOrEmailBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # What the login signal stamps (accounts.middleware: a staff session ends after a working day
    # or when idle). "Last seen" is stamped ahead, so the stamp the tests roll back to never
    # looks idle however long the module runs.
    now = time.time()
    session["berdaya_started"] = now
    session["berdaya_seen"] = now + 6 * 3600
    session.save()
    assert session.session_key is not None
    return session.session_key


def _token_for(user) -> str:
    """A bearer token through the real endpoint (the way a client gets one)."""
    response = Client().post(
        "/api/v1/auth/token",
        data=json.dumps({"username": str(user.phone), "password": DEMO_PASSWORD}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _user(phone: str, name: str, role: str, **scope):
    from berdaya.accounts.services import role_assign, user_create

    user = user_create(full_name=name, phone=phone, password=DEMO_PASSWORD, validate=False)
    role_assign(user=user, role=role, **scope)
    return user


def _jpeg() -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, format="JPEG")
    return SimpleUploadedFile("warung.jpg", buffer.getvalue(), content_type="image/jpeg")


def persona_users(p) -> dict:
    """Persona name -> User: those of ``berdaya.core.personas`` plus outsiders of the same role in
    another area (the owner and the other partner are added when their data is built)."""
    return {
        "rt_chair": p.rt_chair,
        "other_rt_chair": p.other_rt_chair,
        "far_rt_chair": p.far_rt_chair,
        "rw_chair": p.rw_chair,
        "kelurahan_officer": p.kelurahan_officer,
        "staff": p.staff,
        "admin": p.admin,
        "bank_officer": p.bank_officer,
        "baznas_officer": p.baznas_officer,
        "head": p.head,
        "partner_nodata": p.outsider,
        "other_rw_chair": _user(
            "081200000008", "Ketua RW 8 Beji", "ketua_rw", kelurahan_code=BEJI, rw=8
        ),
        "other_kelurahan_officer": _user(
            "081200000011", "Petugas Kelurahan Kukusan", "petugas_kelurahan", kelurahan_code=KUKUSAN
        ),
        "other_kecamatan_staff": _user(
            "081200000022", "Staf DKUM Pancoran Mas", "staf_dkum", kecamatan_code=OTHER_KECAMATAN
        ),
        "coop_board": _user("081200000050", "Pengurus Koperasi Melati", "pengurus_koperasi"),
    }


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name: str = "dokumen.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def namespace(world: World) -> SimpleNamespace:
    return SimpleNamespace(**world.ids)
