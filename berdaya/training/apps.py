from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "berdaya.training"
    label = "training"
    verbose_name = "Pelatihan"

    def ready(self) -> None:
        # The registry's "new entrepreneur" rule asks whether a person holds a certificate.
        from berdaya.registry.rules import certificate_check_register
        from berdaya.training.selectors import person_has_certificate

        certificate_check_register(person_has_certificate)
