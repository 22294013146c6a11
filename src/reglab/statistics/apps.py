from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "reglab.statistics"
    label = "statistics"
    verbose_name = "Statistik"
