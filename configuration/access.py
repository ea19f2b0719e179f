"""The only answers to "may this user read or change the configuration area".

Teams, shifts, VIP policies, account managers, routing rules and SLA policies decide who gets which
customer and how fast: supervisors read them (the lists), admins alone change them (the forms).
Everyone else gets 403: the area is named in no agent's menu, but its existence hides nothing.
"""

from typing import Any

from django.core.exceptions import PermissionDenied

from routing.access import routing_config_readable, routing_configurable


def config_readable(user: Any) -> bool:
    return routing_config_readable(user)


def config_writable(user: Any) -> bool:
    return routing_configurable(user)


def check_config_readable(user: Any) -> None:
    if not config_readable(user):
        raise PermissionDenied


def check_config_writable(user: Any) -> None:
    if not config_writable(user):
        raise PermissionDenied
