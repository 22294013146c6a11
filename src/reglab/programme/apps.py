from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "reglab.programme"
    label = "programme"

    def ready(self):
        # Permissions of the programme part (ballots, activities, meetings, follow-up).
        from reglab.programme import rules_programme  # noqa: F401
