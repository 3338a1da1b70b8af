from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "berdaya.registry"
    label = "registry"
    verbose_name = "Registrasi mitra binaan"
