"""Recommendation pages: an official recommends at the open level; the letter (PDF with a QR
code) and its public verification."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from berdaya.core.documents import letterhead
from berdaya.core.pdf import qr_svg_data_uri, render_pdf
from berdaya.core.public_url import public_url
from berdaya.financing import selectors, services
from berdaya.financing.forms import RecommendationForm
from berdaya.financing.models import Level
from berdaya.financing.models.groups import group_phrase
from berdaya.financing.views._common import guarded, step


def _issued(rec) -> str:
    """The message after a recommendation links to its letter: the list of letters is far
    below on the application page (about 3,500 px on a phone)."""
    return format_html(
        'Rekomendasi tercatat dan surat diterbitkan. <a href="{}">Lihat surat {} (PDF)</a>',
        reverse("financing:letter", args=[rec.pk]),
        rec.number,
    )


@guarded
@require_POST
def recommend(request, pk):
    application = selectors.application_get(request.user, pk)
    form = RecommendationForm(request.POST)
    level = services.current_level(application) or ""
    if not form.is_valid():
        messages.error(request, "Pilih beri atau tolak rekomendasi.")
        return redirect("financing:application", pk)
    return step(
        request,
        lambda: services.recommendation_give(
            application=application,
            official=request.user,
            level=level,
            approve=form.cleaned_data["approve"],
            note=form.cleaned_data["note"],
        ),
        _issued,
        reverse("financing:application", args=[pk]),
    )


@guarded
def letter(request, pk):
    rec = selectors.recommendation_get(request.user, pk)
    verify_url = public_url(request, reverse("financing:verify", args=[rec.code]))
    group = rec.application.group
    pdf = render_pdf(
        "financing/letter.html",
        {
            "rec": rec,
            "application": rec.application,
            "qr": qr_svg_data_uri(verify_url),
            "verify_url": verify_url,
            "level_label": Level(rec.level).label,
            "head": letterhead(),
            "group_phrase": group_phrase(group.name) if group else "",
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="surat-rekomendasi-{rec.pk}.pdf"'
    return response


def verify(request, code):
    """Public: confirms a letter is genuine and still valid, and shows nothing more."""
    rec = selectors.recommendation_by_code(code)
    if rec is None:
        raise Http404
    return render(request, "financing/verify.html", {"rec": rec})
