"""In a browser: the ticket page tells the helpdesk how many seconds of each 30 the case was visible and
in use; a hidden tab and an idle page send nothing. The page's clock is Playwright's, run forward."""

from typing import Any
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import expect

from costs.models import WorkSpan
from tests.browser.conftest import browser, page  # noqa: F401  (the browser tests' fixtures)
from tests.costs.conftest import case
from tests.factories import AgentFactory, TeamMembershipFactory, make_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _beats(tab: Any) -> list[dict[str, str]]:
    sent: list[dict[str, str]] = []

    def seen(request: Any) -> None:
        if request.url.endswith("/costs/beat/"):
            sent.append({k: v[0] for k, v in parse_qs(request.post_data or "").items()})

    tab.on("request", seen)
    return sent


def _hide(tab: Any) -> None:
    tab.evaluate(
        """() => {
            Object.defineProperty(document, "visibilityState", {configurable: true, get: () => "hidden"});
            document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )


def _signed_in_with_a_case(tab: Any, url: str) -> tuple[Any, Any]:
    team = make_team(name="Wallets", slug="wallets", is_default=True)
    ana = AgentFactory.create(username="ana", first_name="Ana")
    TeamMembershipFactory(team=team, user=ana)
    tab.clock.install()
    tab.goto(f"{url}/accounts/login/")
    tab.get_by_label("Username").fill("ana")
    tab.get_by_label("Password").fill("correct-horse-battery")
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.get_by_role("link", name="Queues", exact=True)).to_be_visible()
    return ana, case(team)


def test_the_ticket_page_beats_while_visible_and_in_use_and_stops_when_hidden_or_idle(
    page,  # noqa: F811
    live_server,
):
    ana, ticket = _signed_in_with_a_case(page, live_server.url)
    beats = _beats(page)

    page.goto(f"{live_server.url}/tickets/{ticket.pk}/")
    page.wait_for_load_state("networkidle")
    # Opened: a hello of 0 seconds, which opens the agent's span on the case.
    assert beats == [{"ticket": str(ticket.pk), "seconds": "0"}]
    page.mouse.move(10, 10)
    with page.expect_request("**/costs/beat/"):
        page.clock.run_for(30_000)
    assert beats[-1] == {"ticket": str(ticket.pk), "seconds": "30"}
    assert WorkSpan.objects.filter(ticket=ticket, agent=ana).exists()

    # Hidden: what was counted goes out once, then nothing.
    page.clock.run_for(10_000)
    with page.expect_request("**/costs/beat/"):
        _hide(page)
    assert beats[-1]["seconds"] in ("10", "11")
    count = len(beats)
    page.clock.run_for(120_000)
    page.wait_for_load_state("networkidle")
    assert len(beats) == count


def test_an_idle_page_stops_counting_after_the_idle_time(page, live_server):  # noqa: F811
    _ana, ticket = _signed_in_with_a_case(page, live_server.url)
    page.goto(f"{live_server.url}/tickets/{ticket.pk}/")
    page.wait_for_load_state("networkidle")
    beats = _beats(page)

    page.clock.run_for(5 * 60_000)  # nobody touches the page for the idle time (5 minutes)
    page.wait_for_load_state("networkidle")
    credited = sum(int(b["seconds"]) for b in beats)
    assert 280 <= credited <= 300  # counted until the idle time ran out
    count = len(beats)
    page.clock.run_for(3 * 60_000)
    page.wait_for_load_state("networkidle")
    assert len(beats) == count  # idle: nothing more

    with page.expect_request("**/costs/beat/"):
        page.mouse.move(20, 20)  # back: a hello, then counting again
    assert beats[count] == {"ticket": str(ticket.pk), "seconds": "0"}
