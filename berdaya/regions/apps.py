from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "berdaya.regions"
    label = "regions"
    verbose_name = "Wilayah"
