from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "berdaya.opportunities"
    label = "opportunities"
    verbose_name = "Peluang usaha dan modal"
