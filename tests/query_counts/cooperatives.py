"""Cooperatives: the city's list (page and API), RAT compliance, a board's own, a cooperative's
members (page and API) and its annual (RAT) reports (page and API)."""

from __future__ import annotations

import itertools

from berdaya.cooperatives.tests.helpers import a_cooperative, member_data, report_data
from tests.query_counts.base import a_user, api, case, page, times

_n = itertools.count(1)


def _cooperatives(staff, board=None):
    def one():
        user = board or a_user(role="pengurus_koperasi", name=f"Pengurus {next(_n)}")
        return a_cooperative(board_user=user, staff=staff, name=f"Koperasi Uji {next(_n)}")

    return lambda n: times(n, one)


@case("cooperatives: koperasi/semua/ (the city's list)")
def _city_list(p):
    return page(p.staff, "/koperasi/semua/", _cooperatives(p.staff))


@case("cooperatives: GET /cooperatives (staff)")
def _list_api(p):
    return api(p.staff, "/cooperatives", _cooperatives(p.staff))


@case("cooperatives: koperasi/kepatuhan-rat/ (RAT compliance)")
def _compliance(p):
    return page(p.staff, "/koperasi/kepatuhan-rat/", _cooperatives(p.staff))


@case("cooperatives: koperasi/ (a board's own)")
def _board_index(p):
    board = a_user(role="pengurus_koperasi", name="Pengurus Banyak Koperasi")
    return page(board, "/koperasi/", _cooperatives(p.staff, board))


def _one(p):
    board = a_user(role="pengurus_koperasi", name=f"Pengurus {next(_n)}")
    return board, a_cooperative(board_user=board, staff=p.staff, name=f"Koperasi {next(_n)}")


def _members(staff, coop):
    from berdaya.cooperatives import services

    def one():
        data = member_data(full_name=f"Anggota {next(_n)}")
        return services.member_add(cooperative=coop, actor=staff, data=data)

    return lambda n: times(n, one)


@case("cooperatives: koperasi/<pk>/anggota/ (members)")
def _members_page(p):
    board, coop = _one(p)
    return page(board, f"/koperasi/{coop.pk}/anggota/", _members(p.staff, coop))


@case("cooperatives: GET /cooperatives/{id}/members")
def _members_api(p):
    board, coop = _one(p)
    return api(board, f"/cooperatives/{coop.pk}/members", _members(p.staff, coop))


def _reports(staff, coop):
    from berdaya.cooperatives import services

    years = itertools.count(2024, -1)

    def grow(n):
        for _ in range(n):
            data = report_data(fiscal_year=next(years))
            services.report_file(cooperative=coop, actor=staff, data=data)

    return grow


@case("cooperatives: koperasi/<pk>/ (detail: RAT reports)")
def _detail(p):
    board, coop = _one(p)
    return page(board, f"/koperasi/{coop.pk}/", _reports(p.staff, coop))


@case("cooperatives: GET /cooperatives/{id}/reports")
def _reports_api(p):
    board, coop = _one(p)
    return api(board, f"/cooperatives/{coop.pk}/reports", _reports(p.staff, coop))
