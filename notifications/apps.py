from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self) -> None:
        # The events happen in the apps below; they announce them after commit and this app listens.
        from notifications import receivers  # noqa: F401
