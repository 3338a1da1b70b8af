from django.conf import settings

from berdaya.accounts.selectors import role_assignments
from berdaya.targets.selectors import can_see_dashboard


def berdaya(request):
    user = getattr(request, "user", None)
    return {
        "CITY_CODE": settings.BERDAYA_CITY_CODE,
        "OFFICE_NAME": "Dinas Koperasi dan UMKM",
        "MY_ROLES": {a.role for a in role_assignments(user)},
        # The menu links to the targets dashboard by the dashboard's own rule (city reach).
        "SEES_DASHBOARD": can_see_dashboard(user),
    }
