"""Who may correct a ticket's language (helpdesk/access_matrix.py): every member of staff who may act on
the ticket; partner agents only on their teams' tickets (the others are a 404)."""

from helpdesk.access_matrix import Rule, staff

INHOUSE_TICKET = {"pk": "inhouse"}
PARTNER_TICKET = {"pk": "partner_ticket"}
PIN = {"language": "es", "action": "pin"}

ACCESS_TABLE: list[Rule] = [
    # An empty form: refused for the partner (404), a 400 for the others.
    Rule("language:ticket-language", "POST", staff(404, 400, 400, 400), kwargs=INHOUSE_TICKET),
    Rule(
        "language:ticket-language",
        "POST",
        staff(302, 302, 302, 302),
        kwargs=PARTNER_TICKET,
        data=PIN,
        note="partner's",
    ),
    Rule("api:ticket-language", "GET", staff(404, 200, 200, 200), kwargs={"ticket": "inhouse"}),
    Rule("api:ticket-language", "PUT", staff(404, 400, 400, 400), kwargs={"ticket": "inhouse"}, data={}),
    Rule(
        "api:ticket-language",
        "PUT",
        staff(200, 200, 200, 200),
        kwargs={"ticket": "partner_ticket"},
        data={"language": "th"},
        note="partner's",
    ),
    Rule("api:ticket-language", "DELETE", staff(404, 200, 200, 200), kwargs={"ticket": "inhouse"}),
]
