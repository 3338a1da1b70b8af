"""DKUM staff: the curation queue and one product's review (with the pending difference)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from berdaya.accounts.decorators import staff_only
from berdaya.catalog import selectors, services
from berdaya.catalog.forms import CurationForm
from berdaya.core import events
from berdaya.core.errors import ConflictError, RuleError
from berdaya.core.once import once_per_token


@staff_only
def queue(request):
    products = list(selectors.curation_queue(request.user)[:200])
    return render(request, "catalog/queue.html", {"products": products})


@staff_only
@once_per_token
def review(request, pk: int):
    product = selectors.product_get(request.user, pk)
    if product is None:
        raise Http404
    decisions = selectors.curation_decisions(product)
    form = CurationForm(request.POST or None)
    if request.method != "POST":  # offer only what will be accepted; a POST gets the reason
        field = form.fields["decision"]
        field.choices = [c for c in field.choices if c[0] in decisions]  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            services.product_curate(
                actor=request.user,
                product=product,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except RuleError as exc:
            form.add_problems(exc)
        except ConflictError as exc:
            messages.error(request, exc.message)
            return redirect("catalog:review", pk=product.pk)
        else:
            messages.success(request, "Keputusan kurasi disimpan.")
            return redirect("catalog:queue")
    context = {
        "product": product,
        "form": form,
        "differences": selectors.pending_differences(product),
        "photos": list(product.photos.all()),
        "timeline": events.timeline(product),
        "can_curate": bool(decisions),
    }
    return render(request, "catalog/review.html", context, status=422 if form.errors else 200)
