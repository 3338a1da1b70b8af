from django.apps import AppConfig


class CooperativesConfig(AppConfig):
    name = "berdaya.cooperatives"
    label = "cooperatives"
    verbose_name = "Koperasi"
