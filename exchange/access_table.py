"""Who may see the exchange's facts beside a ticket, and who may call the reference exchange
(helpdesk/access_matrix.py).

Staff see the panel for the tickets they may open (partner agents: their teams', masked); the
reference exchange's own page is for in-house staff. The exchange API answers signed requests only:
reachable by anyone, refused (401) without a signature, whoever holds the session.
"""

from helpdesk.access_matrix import Rule, everyone, staff

ACCOUNT = {"external_id": "inhouse_external_id"}

ACCESS_TABLE: list[Rule] = [
    Rule(
        "exchange:ticket-panel",
        "GET",
        staff(200, 200, 200, 200),
        kwargs={"pk": "partner_ticket"},
        note="partner's",
    ),
    Rule(
        "exchange:ticket-panel", "GET", staff(404, 200, 200, 200), kwargs={"pk": "inhouse"}, note="in-house"
    ),
    Rule("exchange:ticket-panel", "GET", staff(404, 404, 404, 404), kwargs={"pk": "missing"}, note="missing"),
    Rule("reference_exchange:overview", "GET", staff(403, 200, 200, 200)),
    Rule(
        "api:exchange-ticket-panel",
        "GET",
        staff(200, 200, 200, 200),
        kwargs={"ticket": "partner_ticket"},
        note="partner's",
    ),
    Rule(
        "api:exchange-ticket-panel",
        "GET",
        staff(404, 200, 200, 200),
        kwargs={"ticket": "inhouse"},
        note="in-house",
    ),
    Rule(
        "api:exchange-ticket-panel",
        "GET",
        staff(404, 404, 404, 404),
        kwargs={"ticket": "not_a_number"},
        note="bad id",
    ),
    # The exchange's API: signed requests only.
    Rule("reference_exchange:api-assets", "GET", everyone(401)),
    Rule("reference_exchange:api-network-status", "GET", everyone(401)),
    Rule("reference_exchange:api-account", "GET", everyone(401), kwargs=ACCOUNT),
    Rule("reference_exchange:api-transfers", "GET", everyone(401), kwargs=ACCOUNT),
    Rule(
        "reference_exchange:api-transfer-by-hash",
        "GET",
        everyone(401),
        kwargs={**ACCOUNT, "tx_hash": "missing_name"},
    ),
    Rule("reference_exchange:api-deposit-addresses", "GET", everyone(401), kwargs=ACCOUNT),
    Rule("reference_exchange:api-security-events", "GET", everyone(401), kwargs=ACCOUNT),
    Rule(
        "reference_exchange:api-identity",
        "GET",
        everyone(401),
        # World keys: a kind ("telegram") and a numeric id; the signature check answers first anyway.
        kwargs={"kind": "messaging_kind", "value": "missing"},
    ),
    Rule(
        "reference_exchange:api-action", "POST", everyone(401), kwargs={**ACCOUNT, "action": "unlock_action"}
    ),
]
