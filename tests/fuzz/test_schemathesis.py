"""schemathesis against the API's OpenAPI document, through the WSGI app, as an admin, as an agent
and anonymously: no response of 500 or above, and every response (status, content type, body,
headers) is one the document describes. Seeded (derandomize), so CI draws the same cases each run."""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.fuzz.conftest import World

pytestmark = pytest.mark.django_db

# Examples per operation and role: about 50 operations x 3 roles stay within a few minutes on two cores.
EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


def _document() -> dict[str, Any]:
    # What /api/schema/ serves (test_the_schema_is_what_api_schema_serves checks they are one).
    return SchemaGenerator().get_schema(request=None, public=True)


# The mail endpoint takes a raw message; arbitrary bytes are what a mail server may pass on.
schemathesis.serializer.alias("message/rfc822", "application/octet-stream")
schema = schemathesis.openapi.from_dict(_document())
schema.app = get_wsgi_application()
schema.config.generation.update(max_examples=EXAMPLES)


def test_the_schema_is_what_api_schema_serves(world: World):
    client = Client()
    client.force_login(world.agent)
    served = client.get("/api/schema/?format=json")
    assert served.status_code == 200
    assert served.json() == schemathesis.openapi.from_dict(_document()).raw_schema


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    # A WSGI request ends by closing the database connection, and the test's transaction with it;
    # Django's own test client keeps it open the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=["admin", "agent", "anonymous"])
def headers(request: Any, world: World) -> dict[str, str]:
    if request.param == "anonymous":
        return {}
    user = getattr(world, request.param)
    return {"Authorization": f"Token {Token.objects.create(user=user).key}"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_its_schema_says(case: Any, headers: dict[str, str]) -> None:
    case.call_and_validate(headers=headers, checks=CHECKS)
