from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CsatConfig(AppConfig):
    name = "csat"
    verbose_name = _("Satisfaction surveys")

    def ready(self) -> None:
        # The CSAT metrics join every report (reports/metrics.py).
        from csat import metrics  # noqa: F401
