from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "reglab.indicators"
    label = "indicators"
