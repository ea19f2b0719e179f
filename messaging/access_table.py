"""Who may call the messaging channels' endpoints (helpdesk/access_matrix.py).

The webhook is every provider's door: no session or token opens it, the provider's signature does, and
an unknown account key is a 404 for everyone. Linking a contact to a customer is for in-house staff;
partner agents never (their own team's ticket or not).
"""

from helpdesk.access_matrix import Rule, everyone

HOOK = {"kind": "messaging_kind", "webhook_key": "messaging_unknown_key"}

ACCESS_TABLE: list[Rule] = [
    Rule("messaging:webhook", "GET", everyone(404), kwargs=HOOK, note="unknown account"),
    Rule("messaging:webhook", "POST", everyone(404), kwargs=HOOK, data={}, note="unknown account"),
]
