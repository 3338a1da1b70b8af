"""Route policies of the site itself (home, health, the API's documents, language), accounts,
regions, notifications and the personal-data access log
(the rules of declaring them: ``tests/route_policies/__init__.py``)."""

from __future__ import annotations

from tests.route_policies.base import (
    ADMIN,
    EVERYONE,
    LOGGED_IN,
    PARTNERS_WITH_DATA,
    Lit,
    Policy,
    op,
    page,
)

PAGES: dict[str, Policy] = {
    "healthz": page(EVERYONE),
    # the installable app: worker, manifest and offline page are the same for everyone
    "sw.js": page(EVERYONE),
    "manifest.webmanifest": page(EVERYONE),
    "offline/": page(EVERYONE),
    "": page(EVERYONE),
    # the API's root is no page: 404 for everyone
    "api/v1/": page(frozenset()),
    # the API's own pages: the OpenAPI document and its viewer are public
    "api/v1/docs": page(EVERYONE),
    "api/v1/openapi.json": page(EVERYONE),
    "i18n/setlang/": page(EVERYONE, post=True, data={"language": "id", "next": "/"}),
    # accounts
    "akun/masuk/": page(EVERYONE),
    "akun/keluar/": page(EVERYONE, post=True),
    "akun/2fa/": page(LOGGED_IN),
    "akun/2fa/atur/": page(LOGGED_IN),
    "akun/kata-sandi/": page(LOGGED_IN, form=True),
    "akun/kata-sandi/selesai/": page(LOGGED_IN),
    "akun/lupa-kata-sandi/": page(EVERYONE),
    "akun/lupa-kata-sandi/terkirim/": page(EVERYONE),
    # the reset by a one-time code (WhatsApp/SMS) is open to anyone, like the e-mail reset
    "akun/lupa-kata-sandi/kode/": page(EVERYONE),
    "akun/lupa-kata-sandi/kode/masukkan/": page(EVERYONE),
    "akun/atur-ulang/<uidb64>/<token>/": page(
        EVERYONE, args={"uidb64": Lit("MQ"), "token": Lit("bukan-token")}
    ),
    "akun/atur-ulang/selesai/": page(EVERYONE),
    "wilayah/kelurahan/": page(EVERYONE, query="kecamatan=32.76.06"),
    # notifications and the personal-data access log
    "notifikasi/": page(LOGGED_IN),
    "notifikasi/dibaca/": page(LOGGED_IN, post=True),
    # one's own data, readable (issue 14): partners with data get theirs (the JSON download is
    # in registry.py, with the owner's marker; these are binary, so no marker)
    "privasi/data-saya.xlsx": page(PARTNERS_WITH_DATA),
    "privasi/data-saya.pdf": page(PARTNERS_WITH_DATA),
    # the JSON's first address only redirects (301) to privasi/data-saya.json, which checks
    "mitra/data-saya.json": page(EVERYONE),
    "privasi/log-akses/": page(ADMIN),
    "privasi/log-akses/unduh.<str:fmt>": page(ADMIN, args={"fmt": Lit("xlsx")}),
}

API: dict[str, Policy] = {
    "POST /auth/token": op(
        EVERYONE, data={"username": "081299999999", "password": "salah"}, either=EVERYONE
    ),
    "DELETE /auth/token": op(LOGGED_IN),
    "DELETE /auth/tokens": op(LOGGED_IN),
    "GET /me": op(LOGGED_IN),
    "GET /regions/kecamatan": op(EVERYONE),
    "GET /regions/kelurahan": op(EVERYONE, query="kecamatan=32.76.06"),
}
