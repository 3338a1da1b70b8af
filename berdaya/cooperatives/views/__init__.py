"""Cooperative pages: plain function views that fetch through selectors and write through
services."""

from berdaya.cooperatives.views.cooperative import (
    detail,
    index,
    register,
    resubmit,
    review,
    status_set,
)
from berdaya.cooperatives.views.members import member_add, member_edit, members, members_export
from berdaya.cooperatives.views.reports import minutes_file, report_add
from berdaya.cooperatives.views.staff import city_list, compliance, export

__all__ = [
    "city_list", "compliance", "detail", "export", "index", "member_add", "member_edit",
    "members", "members_export", "minutes_file", "register", "report_add", "resubmit", "review",
    "status_set",
]  # fmt: skip
