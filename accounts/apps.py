from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        # Registers the API document's description of expiring tokens, and the sign-in receiver.
        from accounts import schema, signals  # noqa: F401
