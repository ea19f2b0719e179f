from django.apps import AppConfig


class MacrosConfig(AppConfig):
    name = "macros"
