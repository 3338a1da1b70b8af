from django.shortcuts import render
from django.views.decorators.http import require_GET

from berdaya.regions.selectors import kelurahan_list


@require_GET
def kelurahan_options(request):
    """<option> list of the kelurahan of one kecamatan, for htmx-narrowed selects."""
    # ``kecamatan`` (filter forms) or ``kecamatan_code`` (address forms): htmx sends the select's
    # own name and value, with no script of ours (the CSP forbids ``hx-vals="js:..."``).
    code = request.GET.get("kecamatan") or request.GET.get("kecamatan_code", "")
    items = kelurahan_list(kecamatan_code=code) if code else []
    return render(
        request,
        "regions/kelurahan_options.html",
        {"items": items, "selected": request.GET.get("selected", "")},
    )
