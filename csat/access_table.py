"""Who may use the satisfaction surveys pages and endpoints (helpdesk/access_matrix.py).

The survey page is the customer's: anyone holding the link's token opens it and may answer (the
token is the key; a wrong one is 404 for everyone). Auditors are confined to the audit log. The list
of recent answers is for supervisors and admins.
"""

from helpdesk.access_matrix import Rule, everyone, staff

SURVEY = {"token": "csat_token"}
PUBLIC = everyone(200) | {"auditor": 403}

ACCESS_TABLE: list[Rule] = [
    Rule("csat:answer-list", "GET", staff(403, 403, 200, 200)),
    Rule("csat:survey-answer", "GET", PUBLIC, kwargs=SURVEY),
    Rule("csat:survey-answer", "POST", PUBLIC, kwargs=SURVEY, data={"score": "4"}),
    Rule(
        "csat:survey-answer",
        "POST",
        everyone(400) | {"auditor": 403},
        kwargs=SURVEY,
        data={},
        note="no score",
    ),
    Rule(
        "csat:survey-answer",
        "GET",
        everyone(404) | {"auditor": 403},
        kwargs={"token": "missing_name"},
        note="wrong token",
    ),
]
