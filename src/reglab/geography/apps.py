from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "reglab.geography"
    label = "geography"
