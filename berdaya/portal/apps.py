from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "berdaya.portal"
    label = "portal"
    verbose_name = "Portal"
