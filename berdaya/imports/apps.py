from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "berdaya.imports"
    label = "imports"
    verbose_name = "Impor dan ekspor data"
