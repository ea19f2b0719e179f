"""The reference exchange's own page lists what it holds; the panel also answers through the ASGI stack."""

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient, Client

from exchange.reference.seed import seed_reference_exchange


@pytest.mark.django_db
def test_the_reference_exchange_page_lists_accounts_transfers_and_networks_in_few_queries(
    panel_world, django_assert_max_num_queries
):
    seed_reference_exchange()
    client = Client()
    client.force_login(panel_world.users["agent"])
    with django_assert_max_num_queries(8):
        response = client.get("/reference-exchange/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "EX-10013" in html and "24-hour security hold after a password change" in html
    assert "deposits suspended" in html and "congested" in html
    assert "45 BTC" in html and "3/3" in html
    assert "Hold after &lt;b&gt;password&lt;/b&gt; change" in html


@pytest.mark.django_db
def test_the_reference_exchange_is_off_where_disabled(panel_world, settings):
    settings.REFERENCE_EXCHANGE_ENABLED = False
    client = Client()
    client.force_login(panel_world.users["admin"])
    assert client.get("/reference-exchange/").status_code == 404
    assert client.get("/reference-exchange/api/v1/assets").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_panel_answers_through_the_asgi_handler(reference_exchange, panel_world):
    async def fetch() -> tuple[int, str]:
        client = AsyncClient()
        await client.aforce_login(panel_world.users["agent"])
        response = await client.get(f"/exchange/tickets/{panel_world.ticket.pk}/panel/")
        return response.status_code, response.content.decode()

    status, html = async_to_sync(fetch)()
    assert status == 200 and "40 SOL" in html and "Withdrawals locked" in html
