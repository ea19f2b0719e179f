from django.apps import AppConfig


class QueueviewsConfig(AppConfig):
    name = "queueviews"
