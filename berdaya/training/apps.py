from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "berdaya.training"
    label = "training"
    verbose_name = "Pelatihan"
