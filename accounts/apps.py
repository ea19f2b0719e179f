from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        # Registers the API document's description of expiring tokens.
        from accounts import schema  # noqa: F401
