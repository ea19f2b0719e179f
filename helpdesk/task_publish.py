"""A task queued on every hot write, published with the message Celery builds, built once per process.

`task.delay(...)` works out for every message the task's options, its route, the headers, the publish
options and the retry policy, then lends a producer from Celery's pool and publishes through kombu's
retry wrapper: 0.58 ms of CPU on Redis for a message whose only parts that change are its id and its arguments
(tier 0's reading is queued by every new case). Here the first message in a process (and thread) is
built by Celery itself, through `apply_async` with a producer that records what Celery would publish,
then published; later ones copy that record with their own id and arguments and go to a producer this
process keeps: 0.30 ms, half of it Redis's LPUSH. The worker receives what Celery would have sent
(tests/ops/test_task_publish.py compares them field for field).

Celery's own path is taken whenever the copy could differ: eager mode (tests), a task that keeps its
result, sent events, publish signals with receivers, a call from inside a worker's task (its root and
parent ids). A kept producer that fails is dropped and that message is published by `delay`,
with Celery's retries and reconnection, so an error reaches the caller only when Celery's path fails
too, as it did before.
"""

import contextlib
import logging
import os
import threading
from typing import Any, cast

from celery import signals
from celery.app.task import Task
from celery.utils.saferepr import saferepr
from kombu.utils.uuid import uuid

from helpdesk.on_commit import robust_on_commit

logger = logging.getLogger(__name__)


class _Recorder:
    """A stand-in for Celery's producer that keeps what `publish` is called with, and sends nothing."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.published: tuple[Any, dict[str, Any]] | None = None

    def publish(self, body: Any, **options: Any) -> None:
        self.published = (body, options)


class _Kept(threading.local):
    pid = 0
    producer: Any = None
    # Celery's first message's publish options, for `producer` (its queue declared on its channel),
    # and its body's last part; None when Celery's path is the one to take.
    options: dict[str, Any] | None = None
    embed: Any = None


class TaskPublisher:
    """`publish(*args)` queues `task` with positional arguments, as `task.delay(*args)` does."""

    def __init__(self, task: Task) -> None:
        self.task = task
        self._kept = _Kept()

        # A failing commit hook is logged by its function's name: this one's says which task it queues.
        def publish(*args: Any) -> None:
            self.publish(*args)

        publish.__qualname__ = f"publish_on_commit({task.name})"
        self._publish_task = publish

    def publish(self, *args: Any) -> None:
        task, app = self.task, self.task.app
        if (
            app.conf.task_always_eager
            or signals.before_task_publish.receivers
            or signals.after_task_publish.receivers
            or app.current_worker_task is not None
        ):
            task.delay(*args)
            return
        kept = self._kept
        if kept.pid != os.getpid():
            # A fork (gunicorn's workers) shares no broker connection and has its own `origin`.
            self._drop()
            kept.pid = os.getpid()
        if kept.options is None:
            self._first(args)
            return
        task_id = uuid()
        headers = dict(kept.options["headers"])
        headers["id"] = headers["root_id"] = task_id
        # What saferepr gives for integers (the ids these tasks take), without its walk.
        headers["argsrepr"] = repr(args) if all(type(a) is int for a in args) else self._argsrepr(args)
        self._send(
            (args, {}, kept.embed), {**kept.options, "headers": headers, "correlation_id": task_id}, args
        )

    def publish_on_commit(self, *args: Any) -> None:
        """`publish(*args)` once the caller's transaction commits. Robust: a broker that is down is
        logged and the commit stands; the caller's sweep for stalled work queues it again."""

        robust_on_commit(self._publish_task, *args)

    def _first(self, args: tuple[Any, ...]) -> None:
        """Celery builds and sends the first message; its options are the ones later messages copy."""
        task, app = self.task, self.task.app
        recorder = _Recorder(app.connection_for_write())
        task.apply_async(args, producer=cast(Any, recorder))
        assert recorder.published is not None
        body, options = recorder.published
        if not task.ignore_result or app.conf.task_send_sent_event:
            # A kept result or a sent event is Celery's to handle, on every message.
            self._send_celery(args)
            return
        if not self._send(body, options, args):
            return
        kept = self._kept
        channel = kept.producer.channel
        # Declared on the kept producer's channel once: kombu then knows it is, without copying it each time.
        options["declare"] = [entity.bind(channel) for entity in options.get("declare") or ()]
        kept.options, kept.embed = options, body[2]

    def _argsrepr(self, args: tuple[Any, ...]) -> str:
        app = self.task.app
        return saferepr(args, app.amqp.argsrepr_maxsize, maxlevels=app.conf.task_repr_maxlevels)

    def _send(self, body: Any, options: dict[str, Any], args: tuple[Any, ...]) -> bool:
        kept = self._kept
        try:
            if kept.producer is None:
                app = self.task.app
                kept.producer = app.amqp.Producer(app.connection_for_write(), auto_declare=False)
            # Once, without kombu's retry wrapper: on any error Celery's path below retries.
            kept.producer.publish(body, **{**options, "retry": False})
        except Exception:
            logger.warning("publishing %s through the kept producer failed; through Celery's", self.task.name)
            self._drop()
            self._send_celery(args)
            return False
        return True

    def _send_celery(self, args: tuple[Any, ...]) -> None:
        self.task.delay(*args)

    def _drop(self) -> None:
        kept = self._kept
        producer, kept.producer, kept.options, kept.embed = kept.producer, None, None, None
        if producer is not None and kept.pid == os.getpid():
            # A connection already broken has nothing left to close.
            with contextlib.suppress(Exception):
                producer.connection.release()
