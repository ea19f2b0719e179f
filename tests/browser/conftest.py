"""Playwright drives Debian's chromium at /usr/bin/chromium (scripts/install-browser.sh installs it).

Without it the browser tests skip, except under CI=true, where a missing browser is a failure.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.waits import ACTION_TIMEOUT_MS, EXPECT_TIMEOUT_MS

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still
# plain synchronous calls between browser steps, which is what this flag allows.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

expect.set_options(timeout=EXPECT_TIMEOUT_MS)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists() or CI:
        return
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=f"no browser at {CHROMIUM}; run `make browser`"))


# Module scope, not session: while Playwright's sync API is open its event loop holds this thread,
# and the websocket tests that run after the browser tests need the thread free for their own loop.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    yield page
    context.close()
