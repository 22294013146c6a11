from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "reglab.accounts"
    label = "accounts"
