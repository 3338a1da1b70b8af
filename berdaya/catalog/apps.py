from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "berdaya.catalog"
    label = "catalog"
    verbose_name = "Katalog produk"

    def ready(self) -> None:
        from berdaya.catalog import page_cache

        page_cache.connect()
