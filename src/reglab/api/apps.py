from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "reglab.api"
    label = "api"
    verbose_name = "API"
