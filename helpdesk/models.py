from django.db import models


class ConfigVersion(models.Model):
    """A token per kind of configuration, changed by database triggers whenever a table of that kind
    is written (helpdesk/config_cache.py). Processes keep what they loaded until the token moves."""

    name = models.CharField(max_length=64, primary_key=True)
    token = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"
