"""Work queued by robust_on_commit (helpdesk/on_commit.py) runs once the transaction commits, with the
arguments it was given; when it fails, the commit stands and the log names the function that failed,
whatever kind of callable it was."""

import functools
import logging
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from helpdesk.on_commit import robust_on_commit
from notifications.models import Kind, Notification
from tests.factories import make_agent, make_ticket

pytestmark = pytest.mark.django_db(transaction=True)


def channel_down(*args: Any, **kwargs: Any) -> None:
    raise ConnectionError(f"down {args} {kwargs}")


class Bell:
    def ring(self, person: int) -> None:
        raise ConnectionError(f"down {person}")

    def __call__(self, person: int) -> None:
        raise ConnectionError(f"down {person}")


def _failures(caplog: Any) -> list[tuple[str, str]]:
    """(what the log line names, the error) of each failing hook logged."""
    return [
        (r.getMessage().split()[2], str(r.exc_info[1]))
        for r in caplog.records
        if "in on_commit()" in r.getMessage() and r.exc_info
    ]


def test_the_hook_runs_after_the_commit_with_its_arguments() -> None:
    calls: list[tuple[Any, ...]] = []

    def record(*args: Any, **kwargs: Any) -> None:
        calls.append((args, kwargs))

    with transaction.atomic():
        robust_on_commit(record, 1, [2], added=True)
        assert calls == []
    assert calls == [((1, [2]), {"added": True})]


def test_a_rolled_back_transaction_runs_nothing() -> None:
    calls: list[int] = []
    with pytest.raises(RuntimeError), transaction.atomic():
        robust_on_commit(calls.append, 1)
        raise RuntimeError("rolled back")
    assert calls == []


@pytest.mark.parametrize(
    ("func", "name"),
    [
        (channel_down, "channel_down"),
        (functools.partial(channel_down, 1), "channel_down"),
        (functools.partial(functools.partial(channel_down), 1), "channel_down"),
        (Bell().ring, "Bell.ring"),
        (Bell(), "Bell"),
        (lambda person: channel_down(person), "<lambda>"),
    ],
    ids=["function", "partial", "nested partial", "bound method", "callable object", "lambda"],
)
def test_a_failing_hook_is_logged_by_its_functions_name_and_the_commit_stands(
    func: Any, name: str, caplog: Any
) -> None:
    agent, ticket = make_agent(), make_ticket()
    with caplog.at_level(logging.ERROR, logger="django.db.backends.base"), transaction.atomic():
        Notification.objects.create(
            recipient=agent, kind=Kind.ASSIGNED, ticket=ticket, created_at=timezone.now()
        )
        robust_on_commit(func, 7)
    assert Notification.objects.filter(recipient=agent, ticket=ticket).count() == 1
    [(logged_name, error)] = _failures(caplog)
    assert logged_name == name
    assert error.startswith("down") and "7" in error


def test_outside_a_transaction_the_hook_runs_at_once_and_its_failure_is_logged(caplog: Any) -> None:
    robust_on_commit(functools.partial(channel_down, 3))
    assert _failures(caplog) == [("channel_down", "down (3,) {}")]
