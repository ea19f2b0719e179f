"""Who may call the customer pages and the customers API (helpdesk/access_matrix.py).

Staff read customer records (masked); partner agents only the customers of their teams' tickets.
Revealing contact details takes a reason and is for in-house staff; supervisors and admins (and the
exchange's backend account) keep the records.
"""

from helpdesk.access_matrix import Rule, staff

ALL = staff(200, 200, 200, 200)
INHOUSE = staff(404, 200, 200, 200)

ACCESS_TABLE: list[Rule] = [
    Rule("customers:customer-list", "GET", ALL),
    Rule("customers:customer-detail", "GET", INHOUSE, kwargs={"pk": "inhouse_customer"}, note="in-house"),
    Rule("customers:customer-detail", "GET", ALL, kwargs={"pk": "partner_customer"}, note="partner's"),
    Rule("customers:customer-reveal", "POST", staff(404, 400, 400, 400), kwargs={"pk": "inhouse_customer"}),
    Rule(
        "customers:customer-reveal",
        "POST",
        staff(403, 400, 400, 400),
        kwargs={"pk": "partner_customer"},
        note="partner's",
    ),
    Rule("api:customer-list", "GET", ALL),
    Rule("api:customer-by-external-id", "GET", INHOUSE, kwargs={"external_id": "inhouse_external_id"}),
    Rule(
        "api:customer-by-external-id",
        "PUT",
        staff(403, 403, 200, 200),
        kwargs={"external_id": "inhouse_external_id"},
        data={},
    ),
    Rule("api:customer-detail", "GET", INHOUSE, kwargs={"pk": "inhouse_customer"}, note="in-house"),
    Rule("api:customer-detail", "GET", ALL, kwargs={"pk": "partner_customer"}, note="partner's"),
    # The role is checked before the record is looked up: a 403 whatever the id.
    Rule(
        "api:customer-detail", "PATCH", staff(403, 403, 200, 200), kwargs={"pk": "inhouse_customer"}, data={}
    ),
    Rule(
        "api:customer-reveal", "POST", staff(404, 400, 400, 400), kwargs={"pk": "inhouse_customer"}, data={}
    ),
]
