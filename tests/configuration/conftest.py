from typing import Any

import pytest
from django.test import Client

from tests.factories import AgentFactory


@pytest.fixture
def admin(db: None) -> Any:
    return AgentFactory(username="ada", role="admin", first_name="Ada", last_name="Admin")


@pytest.fixture
def admin_client(admin: Any) -> Client:
    client = Client()
    client.force_login(admin)
    return client


@pytest.fixture
def supervisor_client(supervisor: Any) -> Client:
    client = Client()
    client.force_login(supervisor)
    return client
