from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "berdaya.accounts"
    label = "accounts"
    verbose_name = "Akun dan peran"

    def ready(self) -> None:
        # Stamps each new session with its start (staff sessions end after a working day).
        from berdaya.accounts import middleware  # noqa: F401
