"""Who may see a ticket's triage (helpdesk/access_matrix.py): staff who may see the ticket. The
reference chain nodes the demo and the tests query are public, outside production only."""

from helpdesk.access_matrix import Rule, everyone, staff

ACCESS_TABLE: list[Rule] = [
    Rule("triage:panel", "GET", staff(404, 200, 200, 200), kwargs={"pk": "inhouse"}, note="in-house"),
    Rule("triage:panel", "GET", staff(200, 200, 200, 200), kwargs={"pk": "partner_ticket"}, note="partner's"),
    Rule("triage:refresh", "POST", staff(404, 200, 200, 200), kwargs={"pk": "inhouse"}),
    Rule(
        "api:triage-ticket", "GET", staff(404, 200, 200, 200), kwargs={"ticket": "inhouse"}, note="in-house"
    ),
    Rule(
        "api:triage-ticket",
        "GET",
        staff(200, 200, 200, 200),
        kwargs={"ticket": "partner_ticket"},
        note="partner's",
    ),
    # The reference chains: public nodes, as the real ones are.
    Rule(
        "reference_chains:evm-rpc",
        "POST",
        everyone(200),
        kwargs={"network": "chain_network"},
        data={},
        form=False,
    ),
    Rule("reference_chains:esplora-tx", "GET", everyone(400), kwargs={"txid": "missing_name"}),
    Rule("reference_chains:esplora-tx-status", "GET", everyone(400), kwargs={"txid": "missing_name"}),
    Rule("reference_chains:esplora-tip-height", "GET", everyone(200)),
    Rule("reference_chains:esplora-address", "GET", everyone(400), kwargs={"address": "missing_name"}),
    Rule(
        "reference_chains:tron-wallet",
        "POST",
        everyone(200),
        kwargs={"method": "chain_method"},
        data={},
        form=False,
    ),
    Rule("reference_chains:solana-rpc", "POST", everyone(200), data={}, form=False),
    Rule("reference_chains:xrpl-rpc", "POST", everyone(200), data={}, form=False),
    Rule("reference_chains:ton-transactions", "GET", everyone(200)),
    Rule("reference_chains:ton-wallet-states", "GET", everyone(422)),
    Rule("reference_chains:broken", "GET", everyone(200), kwargs={"path": "missing_name"}),
]
