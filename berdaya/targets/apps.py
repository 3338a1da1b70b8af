from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "berdaya.targets"
    label = "targets"
    verbose_name = "Target program"
