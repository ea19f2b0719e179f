from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = "Approvals and account-takeover defence"

    def ready(self) -> None:
        # Celery's autodiscovery loads `tasks` modules only; the risk assessment's task lives apart.
        from approvals import risk_tasks  # noqa: F401
