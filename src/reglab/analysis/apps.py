from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "reglab.analysis"
    label = "analysis"
