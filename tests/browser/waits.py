"""Waits that let a browser test act only when a person's action would be seen by the page.

Playwright acts as soon as an element can be acted on; a page can show an element before it listens to
it. Two such gaps lose input on a busy machine:

- a page reached by a click or a key (not by `page.goto`, which waits for the load event itself) runs
  its deferred scripts (htmx, workspace.js, shortcuts.js) only once it is parsed: a key pressed or an
  option picked before then reaches no listener;
- htmx binds what it swaps in only when the swap settles (its settle delay, stretched by the load): a
  form or field shown by a swap can be typed into before htmx listens to it.
"""

from __future__ import annotations

from typing import Any

# The suite runs beside others on two cores: a page that answers in 200 ms alone can take seconds
# then. An expectation passes as soon as what it expects is there, so a longer wait costs nothing on
# a quiet machine (tests/browser/conftest.py makes these the defaults; pages opened in contexts of a
# test's own take ACTION_TIMEOUT_MS too).
EXPECT_TIMEOUT_MS = 20_000
ACTION_TIMEOUT_MS = 30_000

# Every element htmx acts for carries one of these; htmx marks an element it has bound with an
# `initHash` in its internal data.
HTMX_ELEMENTS = ",".join(
    f"[{prefix}{name}]"
    for prefix in ("hx-", "data-hx-")
    for name in ("get", "post", "put", "patch", "delete", "trigger")
)

HTMX_IDLE = f"""() => {{
  // A page without htmx (the portal, the exchange's demo page) has nothing of it to wait for.
  if (!window.htmx) return !document.querySelector("script[src*='htmx']");
  // A request in flight, or a swap not settled yet: what it brings is not bound yet.
  if (document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")) return false;
  return Array.from(document.querySelectorAll({HTMX_ELEMENTS!r})).every(
    (el) => !!(el["htmx-internal-data"] && el["htmx-internal-data"].initHash)
  );
}}"""


def htmx_idle(page: Any, timeout: float | None = None) -> None:
    """Wait until htmx is loaded (on a page that has it), no request or swap of it is under way, and
    it has bound every element that asks for it (those of the page and those it swapped in)."""
    page.wait_for_function(HTMX_IDLE, timeout=timeout)


def loaded(page: Any) -> None:
    """Wait until the page in the tab has run its scripts and htmx is idle.

    Call it once something only the new page shows has been seen (an `expect` of it, or of its URL):
    right after a click that navigates, the old page is still the one whose load event counts."""
    page.wait_for_load_state("load")
    htmx_idle(page)
