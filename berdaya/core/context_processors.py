from django.conf import settings


def berdaya(request):
    return {"CITY_CODE": settings.BERDAYA_CITY_CODE, "OFFICE_NAME": "Dinas Koperasi dan UMKM"}
