"""Who may call the messaging channels' endpoints (helpdesk/access_matrix.py).

The webhook is every provider's door: no session or token opens it, the provider's signature does, and
an unknown account key is a 404 for everyone. Linking a contact to a customer is for supervisors and
admins (messaging/access.py); on a ticket no one wrote on through a channel it is a 404 for them.
"""

from helpdesk.access_matrix import Rule, everyone, staff
from messaging.whatsapp_access_table import WHATSAPP_RULES

HOOK = {"kind": "messaging_kind", "webhook_key": "messaging_unknown_key"}
# The auditor's session is confined to the audit pages before any view runs (accounts' middleware).
UNKNOWN_HOOK = {**everyone(404), "auditor": 403}
LINKERS = staff(404, 403, 404, 404)

ACCESS_TABLE: list[Rule] = [
    Rule("messaging:webhook", "GET", UNKNOWN_HOOK, kwargs=HOOK, note="unknown account"),
    Rule("messaging:webhook", "POST", UNKNOWN_HOOK, kwargs=HOOK, data={}, note="unknown account"),
    Rule("messaging:contact-customers", "GET", LINKERS, kwargs={"ticket_id": "inhouse"}, query="?q=ab"),
    Rule("messaging:contact-link", "POST", LINKERS, kwargs={"ticket_id": "inhouse"}, data={}),
    Rule(
        "messaging:contact-link",
        "POST",
        staff(403, 403, 404, 404),
        kwargs={"ticket_id": "partner_ticket"},
        data={},
        note="partner's",
    ),
    # WhatsApp's template send from the ticket page.
    *WHATSAPP_RULES,
]
