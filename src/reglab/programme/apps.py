from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "reglab.programme"
    label = "programme"
