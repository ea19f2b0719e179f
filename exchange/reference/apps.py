from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceExchangeConfig(AppConfig):
    name = "exchange.reference"
    label = "reference_exchange"
    verbose_name = _("Reference exchange")
    default_auto_field = "django.db.models.BigAutoField"
