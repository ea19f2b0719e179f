"""Who may use the customer portal pages and endpoints (helpdesk/access_matrix.py).

The portal's only credential is its own session, started by the exchange's signed identity of a
customer at `portal:enter`. Without one, every page sends the caller to the signed-out page (302), staff
included: a staff session opens nothing here. Auditors are confined to the audit log (403).

What a signed-in customer gets (their own tickets, another customer's as 404) is walked URL by URL in
tests/portal/test_access.py, since the matrix's roles hold no portal session.
"""

from helpdesk.access_matrix import Ref, Rule, everyone

OUT = {**everyone(302), "auditor": 403}
TICKET = {"pk": "inhouse"}

ACCESS_TABLE: list[Rule] = [
    # A genuine identity starts a session (302 to the tickets); none, or a forged one, is refused.
    Rule("portal:enter", "GET", OUT, data={"identity": Ref("portal_identity")}, note="signed identity"),
    Rule("portal:enter", "GET", {**everyone(403)}, query="?identity=forged.token", note="forged identity"),
    Rule("portal:signed-out", "GET", {**everyone(200), "auditor": 403}),
    Rule("portal:sign-out", "POST", OUT),
    Rule("portal:ticket-list", "GET", OUT),
    Rule("portal:ticket-detail", "GET", OUT, kwargs=TICKET),
    Rule("portal:ticket-reply", "POST", OUT, kwargs=TICKET, data={"body": "Any news?"}),
    Rule("portal:ticket-rate", "POST", OUT, kwargs=TICKET, data={"score": "5"}),
    Rule("portal:attachment", "GET", OUT, kwargs={"pk": "inhouse_attachment"}),
]
