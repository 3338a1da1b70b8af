"""Route policies of groups, invitations, applications, recommendations, lending and repayments
(the rules of declaring them: ``tests/route_policies/__init__.py``)."""

from __future__ import annotations

from berdaya.core.personas import BEJI
from tests.route_policies.base import (
    ALL_DASH,
    DASH,
    EVERYONE,
    LENDER,
    LOGGED_IN,
    OWNER,
    OWNER_AREA,
    PARTNERS_WITH_DATA,
    STAFF,
    TERRITORY,
    TODAY,
    Policy,
    op,
    page,
)

LENDERS = LENDER | {"baznas_officer"}

PAGES: dict[str, Policy] = {
    # financing
    "pembiayaan/": page(LOGGED_IN),
    "pembiayaan/kelompok/baru/": page(PARTNERS_WITH_DATA, query="produk=kredit-mesra", form=True),
    "pembiayaan/kelompok/<int:pk>/": page(OWNER | DASH, args={"pk": "group"}),
    "pembiayaan/kelompok/<int:pk>/undang/": page(
        OWNER, args={"pk": "draft_group"}, post=True, data={"nik": "3276064000000999"}
    ),
    "pembiayaan/kelompok/<int:pk>/keluar/": page(OWNER, args={"pk": "draft_group"}, post=True),
    "pembiayaan/kelompok/<int:pk>/tanggung-renteng/": page(
        OWNER, args={"pk": "draft_group"}, post=True
    ),
    "pembiayaan/kelompok/<int:pk>/anggota/<int:member_pk>/keluarkan/": page(
        OWNER, args={"pk": "group", "member_pk": "member_membership"}, post=True
    ),
    "pembiayaan/undangan/<int:pk>/": page(OWNER, args={"pk": "pending_invitation"}, form=True),
    # the group's leader cancels or resends a pending invitation; anyone else gets 404
    "pembiayaan/undangan/<int:pk>/batal/": page(
        OWNER, args={"pk": "pending_invitation"}, post=True
    ),
    "pembiayaan/undangan/<int:pk>/kirim-ulang/": page(
        OWNER, args={"pk": "pending_invitation"}, post=True
    ),
    "pembiayaan/pengajuan/": page(
        LOGGED_IN, marker="owner_group", seen_by=OWNER | OWNER_AREA | DASH | LENDER
    ),
    "pembiayaan/pengajuan/baru/": page(PARTNERS_WITH_DATA, query="produk=kredit-mesra", form=True),
    # the list's exports: the office, area officials and lenders' officers (issue 13)
    "pembiayaan/pengajuan/ekspor.xlsx": page(ALL_DASH | TERRITORY | LENDERS),
    "pembiayaan/pengajuan/ekspor.csv": page(ALL_DASH | TERRITORY | LENDERS),
    "pembiayaan/pengajuan/pinjaman.xlsx": page(ALL_DASH | TERRITORY | LENDERS),
    "pembiayaan/pengajuan/pinjaman.csv": page(ALL_DASH | TERRITORY | LENDERS),
    "pembiayaan/pengajuan/<int:pk>/": page(
        OWNER | OWNER_AREA | DASH | LENDER, args={"pk": "application"}
    ),
    "pembiayaan/pengajuan/<int:pk>/ubah/": page(OWNER, args={"pk": "application_draft"}, form=True),
    "pembiayaan/pengajuan/<int:pk>/ajukan/": page(
        OWNER, args={"pk": "application_draft"}, post=True
    ),
    "pembiayaan/pengajuan/<int:pk>/tarik/": page(
        OWNER, args={"pk": "application_draft"}, post=True
    ),
    # The RT level is open: the RW chair and the kelurahan officer of the same area reach the
    # application, and whether they may act yet is the workflow's rule (409/422), not access.
    "pembiayaan/pengajuan/<int:pk>/rekomendasi/": page(
        {"rt_chair"},
        args={"pk": "application_awaiting_rt"},
        post=True,
        data={"level": "rt", "approve": "1"},
        either={"rw_chair", "kelurahan_officer"},
    ),
    "pembiayaan/pengajuan/<int:pk>/verifikasi/": page(
        STAFF,
        args={"pk": "application_awaiting_verification"},
        post=True,
        data={"decision": "forward"},
    ),
    "pembiayaan/pengajuan/<int:pk>/keputusan/": page(
        LENDER, args={"pk": "application_forwarded"}, form=True
    ),
    "pembiayaan/pengajuan/<int:pk>/pencairan/": page(
        LENDER, args={"pk": "application_approved"}, post=True, data={"disbursed_on": TODAY}
    ),
    "pembiayaan/pengajuan/<int:pk>/tagihan/": page(LENDER, args={"pk": "application"}, form=True),
    # the printable collection sheet (issue 14): the same officers as the collection form
    "pembiayaan/pengajuan/<int:pk>/tagihan/cetak/": page(LENDER, args={"pk": "application"}),
    "pembiayaan/pinjaman/<int:pk>/": page(OWNER | DASH | LENDER, args={"pk": "loan"}, form=True),
    "pembiayaan/surat/<int:pk>/": page(OWNER | OWNER_AREA | DASH | LENDER, args={"pk": "letter"}),
    "pembiayaan/laporan/": page(ALL_DASH),
    "verifikasi/<str:code>": page(EVERYONE, args={"code": "letter_code"}),
    "verifikasi/<str:code>/": page(EVERYONE, args={"code": "letter_code"}),
}

API: dict[str, Policy] = {
    # financing
    # the products' terms are public information
    "GET /financing/products": op(EVERYONE),
    "POST /financing/groups": op(
        PARTNERS_WITH_DATA,
        rule_refusal=True,
        data={
            "product": "kredit-mesra",
            "name": "Kelompok Uji Rute",
            "area": {"kelurahan_code": BEJI, "rw": 7, "rt": 3},
        },
    ),
    "GET /financing/groups/{group_id}": op(OWNER | DASH, args={"group_id": "group"}),
    "POST /financing/groups/{group_id}/invitations": op(
        OWNER, args={"group_id": "draft_group"}, data={"nik": "3276064000000999"}
    ),
    "POST /financing/invitations/{invitation_id}/accept": op(
        # only the invitee may answer; the world's pending invitee is not a persona
        frozenset(),
        args={"invitation_id": "pending_invitation"},
        data={"joint_liability": True},
    ),
    "POST /financing/invitations/{invitation_id}/decline": op(
        frozenset(), args={"invitation_id": "pending_invitation"}
    ),
    "POST /financing/groups/{group_id}/liability": op(OWNER, args={"group_id": "draft_group"}),
    "POST /financing/groups/{group_id}/leave": op(OWNER, args={"group_id": "draft_group"}),
    "POST /financing/groups/{group_id}/members/{nik}/remove": op(
        OWNER, args={"group_id": "group", "nik": "member_nik"}
    ),
    "GET /financing/applications": op(
        LOGGED_IN, marker="owner_group", seen_by=OWNER | OWNER_AREA | DASH | LENDER
    ),
    "POST /financing/applications": op(
        PARTNERS_WITH_DATA, rule_refusal=True, data={"product": "kredit-mesra", "term_months": 12}
    ),
    "GET /financing/applications/{application_id}": op(
        OWNER | OWNER_AREA | DASH | LENDER, args={"application_id": "application"}
    ),
    "PATCH /financing/applications/{application_id}": op(
        OWNER, args={"application_id": "application_draft"}, data={"term_months": 12}
    ),
    "POST /financing/applications/{application_id}/submit": op(
        OWNER, args={"application_id": "application_draft"}
    ),
    "POST /financing/applications/{application_id}/withdraw": op(
        OWNER, args={"application_id": "application_draft"}
    ),
    # see the page: the RW chair and the kelurahan officer wait for the RT level
    "POST /financing/applications/{application_id}/recommendations": op(
        {"rt_chair"},
        args={"application_id": "application_awaiting_rt"},
        data={"level": "rt", "approve": True},
        either={"rw_chair", "kelurahan_officer"},
    ),
    "POST /financing/applications/{application_id}/review": op(
        STAFF,
        args={"application_id": "application_awaiting_verification"},
        data={"decision": "forward"},
    ),
    "POST /financing/applications/{application_id}/decision": op(
        LENDER, args={"application_id": "application_forwarded"}, data={"members": []}
    ),
    "POST /financing/applications/{application_id}/disbursement": op(
        LENDER, args={"application_id": "application_approved"}, data={"disbursed_on": TODAY}
    ),
    "POST /financing/applications/{application_id}/collections": op(
        LENDER, args={"application_id": "application"}, data={"paid_on": TODAY, "payments": []}
    ),
    "GET /financing/loans/{loan_id}": op(OWNER | DASH | LENDER, args={"loan_id": "loan"}),
    "POST /financing/loans/{loan_id}/repayments": op(
        LENDER, args={"loan_id": "loan"}, data={"paid_on": TODAY, "amount_rupiah": 100_000}
    ),
    "GET /financing/reports/portfolio": op(ALL_DASH),
}
