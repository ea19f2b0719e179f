"""Who may merge and link tickets (rows of workspace/access_table.py): whoever may work on the ticket;
an empty form changes nothing. Hidden tickets are a 404, as everywhere in the workspace."""

from helpdesk.access_matrix import Rule, staff

INHOUSE = {"pk": "inhouse"}

MERGE_RULES: list[Rule] = [
    Rule("tickets:ticket-links", "GET", staff(404, 200, 200, 200), kwargs=INHOUSE),
    Rule("tickets:ticket-link", "POST", staff(404, 302, 302, 302), kwargs=INHOUSE, data={}),
    Rule(
        "tickets:ticket-unlink",
        "POST",
        staff(404, 302, 302, 302),
        kwargs={"pk": "inhouse", "other": "missing"},
    ),
    Rule("tickets:ticket-merge", "POST", staff(404, 302, 302, 302), kwargs=INHOUSE, data={}),
    Rule("api:ticket-merge", "POST", staff(404, 400, 400, 400), kwargs={"ticket": "inhouse"}, data={}),
    Rule("api:ticket-links", "GET", staff(404, 200, 200, 200), kwargs={"ticket": "inhouse"}),
    Rule("api:ticket-links", "POST", staff(404, 400, 400, 400), kwargs={"ticket": "inhouse"}, data={}),
    Rule(
        "api:ticket-link",
        "DELETE",
        staff(404, 404, 404, 404),
        kwargs={"ticket": "inhouse", "other": "missing"},
    ),
]
