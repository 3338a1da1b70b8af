"""The partner's pages: my products (with weekly views and clicks), add, edit, photos, submit,
hide. Every page reaches only the user's own products (another's is 404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from berdaya.accounts.phones import normalize_phone
from berdaya.catalog import rules, selectors, services
from berdaya.catalog.forms import HideForm, PhotoForm, ProductForm
from berdaya.catalog.models import ProductStatus
from berdaya.core.errors import ConflictError, RuleError
from berdaya.core.once import once_per_token
from berdaya.registry import selectors as registry


def _owned_or_404(request, pk: int):
    product = selectors.product_owned_get(request.user, pk)
    if product is None:
        raise Http404
    return product


def _suggested_whatsapp(user) -> str:
    """The form suggests the partner's own number when it is a mobile number."""
    person = registry.person_for_user(user)
    for raw in (getattr(person, "phone", ""), str(getattr(user, "phone", "") or "")):
        try:
            return "0" + rules.normalize_whatsapp(normalize_phone(raw))[3:]
        except RuleError:
            continue
    return ""


@login_required
def mine(request):
    businesses = list(selectors.own_businesses(request.user))
    if businesses:
        services.products_hide_for_unverified(business_ids=[b.pk for b in businesses])
    products = list(
        selectors.products_owned_by(request.user)
        .select_related("category", "storefront")
        .order_by("-id")[:200]
    )
    stats = selectors.week_stats(products, weeks=4)
    this_week = selectors.week_start()
    rows = [
        (
            p,
            next((s for s in stats[p.pk] if s.week == this_week), None),
            [s for s in stats[p.pk] if s.week != this_week],
        )
        for p in products
    ]
    can_add = any(selectors.business_is_verified(b) for b in businesses)
    return render(request, "catalog/mine.html", {"rows": rows, "can_add": can_add})


@login_required
@once_per_token
def mine_create(request):
    businesses = [
        b for b in selectors.own_businesses(request.user) if selectors.business_is_verified(b)
    ]
    if not businesses:
        messages.error(request, "Hanya mitra binaan terverifikasi yang dapat memasang produk.")
        return redirect("catalog:mine")
    form = ProductForm(
        request.POST or None,
        businesses=businesses,
        initial={"whatsapp": _suggested_whatsapp(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_create(
                actor=request.user,
                business_id=form.cleaned_data["business"],
                data=form.data_for_service(),
                confirm_price=form.cleaned_data["confirm_price"],
            )
        except RuleError as exc:
            form.add_problems(exc)
        else:
            messages.success(request, "Produk disimpan sebagai draf. Tambahkan foto, lalu ajukan.")
            return redirect("catalog:mine_edit", pk=product.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "catalog/product_form.html", {"form": form, "product": None}, status=status
    )


def _initial(product) -> dict:
    values = {
        "name": product.name, "description": product.description,
        "price_rupiah": product.price_rupiah, "price_max_rupiah": product.price_max_rupiah or "",
        "unit": product.unit, "category": product.category.slug, "stock": product.stock,
        "whatsapp": "0" + product.whatsapp[3:], "halal_number": product.halal_number,
        "pirt_number": product.pirt_number, "bpom_number": product.bpom_number,
        "sni_number": product.sni_number,
        "marketplace_links": "\n".join(product.marketplace_links),
    }  # fmt: skip
    if product.pending_data:
        pending = dict(product.pending_data)
        pending["marketplace_links"] = "\n".join(pending.get("marketplace_links") or [])
        pending["whatsapp"] = "0" + str(pending.get("whatsapp", "+62"))[3:]
        pending["price_max_rupiah"] = pending.get("price_max_rupiah") or ""
        values.update(pending)
    return values


@login_required
@once_per_token
def mine_edit(request, pk: int):
    product = _owned_or_404(request, pk)
    form = ProductForm(request.POST or None, initial=_initial(product))
    if request.method == "POST" and form.is_valid():
        try:
            services.product_update(
                actor=request.user,
                product=product,
                data=form.data_for_service(),
                confirm_price=form.cleaned_data["confirm_price"],
            )
        except RuleError as exc:
            form.add_problems(exc)
        else:
            if product.status == ProductStatus.PUBLISHED:
                messages.success(
                    request, "Perubahan menunggu kurasi. Versi yang tayang tetap tampil."
                )
            else:
                messages.success(request, "Perubahan disimpan.")
            return redirect("catalog:mine_edit", pk=product.pk)
    context = {
        "form": form,
        "product": product,
        "photo_form": PhotoForm(),
        "hide_form": HideForm(),
        "photos": list(product.photos.all()),
        "can_submit": product.status
        in (ProductStatus.DRAFT, ProductStatus.NEEDS_CHANGES, ProductStatus.HIDDEN)
        and selectors.business_is_verified(product.business),
        "can_hide": product.status in (ProductStatus.PUBLISHED, ProductStatus.IN_REVIEW),
        "max_photos": rules.MAX_PHOTOS,
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "catalog/product_form.html", context, status=status)


@login_required
@require_POST
@once_per_token
def mine_photo_add(request, pk: int):
    product = _owned_or_404(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.product_photo_add(
                actor=request.user, product=product, upload=form.cleaned_data["photo"]
            )
        except RuleError as exc:
            for problem in exc.problems:
                messages.error(request, problem.message)
        else:
            messages.success(request, "Foto ditambahkan.")
    else:
        messages.error(
            request, "Pilih foto untuk diunggah (JPG, PNG atau WebP, paling besar 5 MB)."
        )
    return redirect("catalog:mine_edit", pk=product.pk)


@login_required
@require_POST
@once_per_token
def mine_photo_remove(request, pk: int, photo_pk: int):
    product = _owned_or_404(request, pk)
    try:
        services.product_photo_remove(actor=request.user, product=product, photo_id=photo_pk)
    except RuleError as exc:
        messages.error(request, exc.problems[0].message)
    else:
        messages.success(request, "Foto dihapus.")
    return redirect("catalog:mine_edit", pk=product.pk)


@login_required
@require_POST
@once_per_token
def mine_submit(request, pk: int):
    product = _owned_or_404(request, pk)
    try:
        services.product_submit(actor=request.user, product=product)
    except (RuleError, ConflictError) as exc:
        messages.error(
            request, exc.problems[0].message if isinstance(exc, RuleError) else exc.message
        )
    else:
        messages.success(request, "Produk diajukan. Staf DKUM akan memeriksanya.")
    return redirect("catalog:mine_edit", pk=product.pk)


@login_required
@require_POST
@once_per_token
def mine_hide(request, pk: int):
    product = _owned_or_404(request, pk)
    form = HideForm(request.POST)
    form.is_valid()
    try:
        services.product_hide(
            actor=request.user, product=product, reason=form.cleaned_data.get("reason", "")
        )
    except ConflictError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Produk disembunyikan dari katalog.")
    return redirect("catalog:mine_edit", pk=product.pk)
