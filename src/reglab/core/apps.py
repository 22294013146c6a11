from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "reglab.core"
    label = "core"
