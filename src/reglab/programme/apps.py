from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "reglab.programme"
    label = "programme"

    def ready(self):
        # Part 2 (ballots, activities, meetings, follow-up): its permissions and admin live in own modules.
        from reglab.programme import admin_programme, rules_programme  # noqa: F401
