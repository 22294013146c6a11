from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "reglab.operations"
    label = "operations"
    verbose_name = _("Drift")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks

        from reglab.operations.checks import static_files_collected

        checks.register(static_files_collected, checks.Tags.staticfiles, deploy=True)
