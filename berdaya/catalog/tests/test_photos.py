"""Photos: checked by content, re-encoded to three WebP widths without metadata, at most five."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from berdaya.catalog import photos, services
from berdaya.catalog.models import Photo
from berdaya.catalog.tests import helpers
from berdaya.core.errors import RuleError

pytestmark = pytest.mark.django_db


def _stored(photo: Photo, width: int) -> Image.Image:
    with default_storage.open(photo.storage_name(width), "rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def test_it_stores_three_webp_widths_without_exif_or_gps(people, draft):
    data = helpers.image_bytes(size=(2000, 1500), gps=True)
    assert Image.open(io.BytesIO(data)).getexif().get(0x8825)  # the upload carries GPS
    photo = services.product_photo_add(
        actor=people.partner, product=draft, upload=helpers.upload(data)
    )
    assert (photo.width, photo.height) == (2000, 1500)
    for width in (320, 640, 1280):
        image = _stored(photo, width)
        assert image.format == "WEBP"
        assert image.width == width and image.height == round(1500 * width / 2000)
        assert not image.getexif()
        assert "exif" not in image.info and "xmp" not in image.info
        assert "icc_profile" not in image.info


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_it_accepts_other_image_formats_by_content(people, draft, fmt):
    # the name says .txt: the content decides
    upload = helpers.upload(
        helpers.image_bytes(fmt, (300, 300)), name="x.txt", content_type="text/plain"
    )
    photo = services.product_photo_add(actor=people.partner, product=draft, upload=upload)
    assert _stored(photo, 1280).width == 300  # never enlarged


def test_it_refuses_a_file_that_is_not_an_image(people, draft):
    upload = helpers.upload(b"%PDF-1.4 bukan foto" * 20, name="foto.jpg")
    with pytest.raises(RuleError) as err:
        services.product_photo_add(actor=people.partner, product=draft, upload=upload)
    assert err.value.codes == ["photo_invalid"]
    assert not Photo.objects.exists()


def test_it_refuses_a_truncated_image(people, draft):
    data = helpers.image_bytes(size=(800, 800))[:400]
    with pytest.raises(RuleError) as err:
        services.product_photo_add(actor=people.partner, product=draft, upload=helpers.upload(data))
    assert err.value.codes == ["photo_invalid"]


def test_it_refuses_a_file_over_5_mb(people, draft):
    data = helpers.image_bytes("BMP", (1400, 1300))  # ~5.5 MB, a real image
    assert len(data) > 5 * 1024 * 1024
    with pytest.raises(RuleError) as err:
        services.product_photo_add(actor=people.partner, product=draft, upload=helpers.upload(data))
    assert err.value.codes == ["photo_too_large"]


def test_it_refuses_too_many_pixels_before_decoding(people, draft):
    # a small PNG whose header claims 7000 x 7000 pixels (49 megapixels)
    image = Image.new("1", (7000, 7000))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    assert len(out.getvalue()) < 5 * 1024 * 1024
    with pytest.raises(RuleError) as err:
        photos.process(helpers.upload(out.getvalue(), name="bom.png"))
    assert err.value.codes == ["photo_too_large"]


@pytest.mark.parametrize("fmt", ["TIFF", "GIF", "BMP"])
def test_it_refuses_a_format_outside_the_allow_list(people, draft, fmt):
    with pytest.raises(RuleError) as err:
        photos.process(helpers.upload(helpers.image_bytes(fmt, (50, 50)), name="a.jpg"))
    assert err.value.codes == ["photo_invalid"]


def test_it_refuses_a_sixth_photo(people, draft):
    for _ in range(5):
        services.product_photo_add(actor=people.partner, product=draft, upload=helpers.upload())
    with pytest.raises(RuleError) as err:
        services.product_photo_add(actor=people.partner, product=draft, upload=helpers.upload())
    assert err.value.codes == ["photo_limit"]
    assert Photo.objects.filter(product=draft).count() == 5


def test_it_keeps_a_photo_added_to_a_published_product_pending(people, published):
    photo = services.product_photo_add(
        actor=people.partner, product=published, upload=helpers.upload()
    )
    published.refresh_from_db()
    assert photo.is_pending and published.pending_edit
    services.product_curate(actor=people.staff, product=published, decision="publish")
    photo.refresh_from_db()
    assert not photo.is_pending


def test_it_removes_a_photo_and_its_files(people, draft, django_capture_on_commit_callbacks):
    photo = services.product_photo_add(actor=people.partner, product=draft, upload=helpers.upload())
    names = [photo.storage_name(w) for w in Photo.WIDTHS]
    assert all(default_storage.exists(n) for n in names)
    with django_capture_on_commit_callbacks(execute=True):
        services.product_photo_remove(actor=people.partner, product=draft, photo_id=photo.pk)
    assert not Photo.objects.filter(pk=photo.pk).exists()
    assert not any(default_storage.exists(n) for n in names)
