"""Who may read raw mail and widen a ticket's email conversation (helpdesk/access_matrix.py).

Raw messages are for admins alone; adding a person to a conversation is for in-house staff. The
inbound webhook answers the mail provider's signed posts, not staff.
"""

from helpdesk.access_matrix import Rule, staff

ADMINS = staff(403, 403, 403, 200)
MESSAGE = {"pk": "inbound"}

ACCESS_TABLE: list[Rule] = [
    Rule("mail:inbound-list", "GET", ADMINS),
    Rule("mail:inbound-detail", "GET", ADMINS, kwargs=MESSAGE),
    Rule("mail:inbound-raw", "GET", ADMINS, kwargs=MESSAGE),
    Rule("mail:inbound-reprocess", "POST", staff(403, 403, 403, 302), kwargs=MESSAGE),
    Rule("mail:entry-copy-add", "POST", staff(404, 302, 302, 302), kwargs={"pk": "inhouse_entry"}),
    # A mailbox's token or an admin may post a raw message; JSON from an admin is a 415 (the check
    # passed, the body is not a message).
    Rule("api:mail-inbound", "POST", staff(403, 403, 403, 415), data={}),
]
