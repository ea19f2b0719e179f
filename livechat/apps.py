from django.apps import AppConfig


class LivechatConfig(AppConfig):
    name = "livechat"

    def ready(self) -> None:
        # An agent coming online or a capacity raised offers waiting chats at once, not at the sweep.
        from livechat import (
            receivers,  # noqa: F401
            signals,  # noqa: F401  (connects the receivers)
        )
