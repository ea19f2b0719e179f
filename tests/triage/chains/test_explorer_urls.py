"""Explorer links per network, their override in settings, and what a hostile value cannot do."""

from __future__ import annotations

import pytest

from triage.chains import NETWORKS, explorer_url

TX = "0x" + "ab" * 32
EXPECTED_TX = {
    "ethereum": f"https://etherscan.io/tx/{TX}",
    "bsc": f"https://bscscan.com/tx/{TX}",
    "polygon": f"https://polygonscan.com/tx/{TX}",
    "arbitrum": f"https://arbiscan.io/tx/{TX}",
    "optimism": f"https://optimistic.etherscan.io/tx/{TX}",
    "base": f"https://basescan.org/tx/{TX}",
    "avalanche": f"https://snowtrace.io/tx/{TX}",
    "bitcoin": f"https://mempool.space/tx/{TX}",
    "tron": f"https://tronscan.org/#/transaction/{TX}",
    "solana": f"https://solscan.io/tx/{TX}",
    "xrp": f"https://xrpscan.com/tx/{TX}",
    "ton": f"https://tonviewer.com/transaction/{TX}",
}


@pytest.mark.parametrize("network", NETWORKS)
def test_every_network_links_to_its_well_known_explorer(network: str) -> None:
    assert explorer_url(network, "tx", TX) == EXPECTED_TX[network]
    assert explorer_url(network, "address", "Addr1").endswith("/Addr1")


def test_address_pages_use_each_explorer_s_own_path() -> None:
    assert explorer_url("solana", "address", "So1") == "https://solscan.io/account/So1"
    assert explorer_url("tron", "address", "T1") == "https://tronscan.org/#/address/T1"
    assert explorer_url("ton", "address", "EQx") == "https://tonviewer.com/EQx"


def test_settings_override_one_kind_of_one_network_and_keep_the_rest(settings) -> None:
    settings.TRIAGE_EXPLORERS = {"ethereum": {"tx": "https://eth.blockscout.com/tx/{value}"}}
    assert explorer_url("ethereum", "tx", TX) == f"https://eth.blockscout.com/tx/{TX}"
    assert explorer_url("ethereum", "address", "0xA") == "https://etherscan.io/address/0xA"
    assert explorer_url("bsc", "tx", TX) == EXPECTED_TX["bsc"]


def test_a_network_added_in_settings_gets_links_and_an_unknown_one_none(settings) -> None:
    settings.TRIAGE_EXPLORERS = {"litecoin": {"tx": "https://litecoinspace.org/tx/{value}"}}
    assert explorer_url("litecoin", "tx", "ff") == "https://litecoinspace.org/tx/ff"
    assert explorer_url("dogecoin", "tx", "ff") == ""
    assert explorer_url("ethereum", "tx", "") == ""


def test_a_value_cannot_add_a_path_query_or_fragment_to_the_link() -> None:
    url = explorer_url("bitcoin", "tx", "abc/../../evil?x=1#y <script>")
    assert url == "https://mempool.space/tx/abc%2F..%2F..%2Fevil%3Fx%3D1%23y%20%3Cscript%3E"
