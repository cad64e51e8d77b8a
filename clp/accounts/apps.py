from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "clp.accounts"
    label = "accounts"
    verbose_name = "Accounts"
