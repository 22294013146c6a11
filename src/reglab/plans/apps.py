from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "reglab.plans"
    label = "plans"
