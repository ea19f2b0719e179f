from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # Each metrics module registers its metrics in reports.metrics.REGISTRY when imported.
        from reports import (  # noqa: F401
            core_metrics,
            fcr,
            tier0_effect,
        )
