from django.apps import AppConfig


class FinancingConfig(AppConfig):
    name = "berdaya.financing"
    label = "financing"
    verbose_name = "Pembiayaan"
