"""Each diagnosis on the reference exchange and the reference chains, over real HTTP: a customer writes
through intake, the look-up task runs after the commit, and the stored triage and the panel say what
happened."""

import pytest
from django.test import Client

from triage.diagnose import Code

from .scenario import ETH, codes, deposit, triage_of, write

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("with_triage_step", "reference_exchange", "reference_chains"),
]


def panel(ticket, user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(f"/triage/tickets/{ticket.pk}/panel")
    assert response.status_code == 200
    return response.content.decode()


def test_a_credited_deposit_is_credited_and_nothing_is_wrong(agent):
    deposit(ETH["usdt_deposit"], status="completed")
    ticket = write(f"I sent 250 USDT, tx {ETH['usdt_deposit']}, where is it?")
    triage = triage_of(ticket)
    assert triage.state == "done", triage.errors
    assert codes(ticket) == [Code.CREDITED]
    html = panel(ticket, agent)
    assert "Credited: nothing wrong" in html
    assert f"https://etherscan.io/tx/{ETH['usdt_deposit']}" in html
