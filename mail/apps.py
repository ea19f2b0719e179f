from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "mail"
    verbose_name = "Email"

    def ready(self) -> None:
        # Replies typed on an email ticket go out as email, whichever path (page, API) posted them.
        from mail import receivers  # noqa: F401
