from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = "Messaging channels"

    def ready(self) -> None:
        # Replies typed on a ticket whose customer wrote through a messaging channel go out through it.
        from messaging import receivers  # noqa: F401
