from django.shortcuts import render
from django.views.decorators.http import require_GET

from berdaya.regions.selectors import kelurahan_list


@require_GET
def kelurahan_options(request):
    """<option> list of the kelurahan of one kecamatan, for htmx-narrowed selects."""
    code = request.GET.get("kecamatan", "")
    items = kelurahan_list(kecamatan_code=code) if code else []
    return render(
        request,
        "regions/kelurahan_options.html",
        {"items": items, "selected": request.GET.get("selected", "")},
    )
