from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolatilityConfig(AppConfig):
    name = "volatility"
    verbose_name = _("Volatility windows")
