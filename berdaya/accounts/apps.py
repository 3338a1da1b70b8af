from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "berdaya.accounts"
    label = "accounts"
    verbose_name = "Akun dan peran"
