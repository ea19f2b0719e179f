from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CostsConfig(AppConfig):
    name = "costs"
    verbose_name = _("Handle time and cost")

    def ready(self) -> None:
        # Registers handle time, cost per resolution and cost per contact with the reports.
        from costs import metrics  # noqa: F401
