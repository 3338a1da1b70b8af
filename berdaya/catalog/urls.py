from django.urls import path

from berdaya.catalog.views import partner, public, staff

app_name = "catalog"
urlpatterns = [
    path("katalog/", public.index, name="index"),
    path("katalog/toko/<slug:slug>/", public.storefront, name="storefront"),
    path("katalog/produk/<int:pk>/", public.product, name="product"),
    path("katalog/produk/<int:pk>/pesan/", public.order, name="order"),
    path("katalog/foto/<int:pk>-<int:width>.webp", public.photo, name="photo"),
    path("sitemap.xml", public.sitemap, name="sitemap"),
    path("katalog/saya/", partner.mine, name="mine"),
    path("katalog/saya/baru/", partner.mine_create, name="mine_create"),
    path("katalog/saya/<int:pk>/", partner.mine_edit, name="mine_edit"),
    path("katalog/saya/<int:pk>/foto/", partner.mine_photo_add, name="mine_photo_add"),
    path(
        "katalog/saya/<int:pk>/foto/<int:photo_pk>/hapus/",
        partner.mine_photo_remove,
        name="mine_photo_remove",
    ),
    path("katalog/saya/<int:pk>/ajukan/", partner.mine_submit, name="mine_submit"),
    path("katalog/saya/<int:pk>/sembunyikan/", partner.mine_hide, name="mine_hide"),
    path("katalog/kurasi/", staff.queue, name="queue"),
    path("katalog/kurasi/<int:pk>/", staff.review, name="review"),
]
