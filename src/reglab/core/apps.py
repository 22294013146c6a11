from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "reglab.core"
    label = "core"

    def ready(self):
        from django.conf import settings

        # The data directory holds the SQLite database and uploads; create it on first use so every
        # command (not only `reglab setup`) works in a fresh checkout.
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
