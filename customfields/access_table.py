"""Who may call the custom field pages and API (helpdesk/access_matrix.py).

Admins define fields; every agent sets values on the tickets they may see (a ticket you may not see is
404), partner agents only the fields marked visible to partners.
"""

from helpdesk.access_matrix import Rule, staff

ADMIN_ONLY = staff(403, 403, 403, 200)

ACCESS_TABLE: list[Rule] = [
    Rule("customfields:field-list", "GET", ADMIN_ONLY),
    Rule("customfields:field-create", "GET", ADMIN_ONLY),
    Rule("customfields:field-create", "POST", staff(403, 403, 403, 400), data={}, note="empty form"),
    Rule("customfields:field-edit", "GET", ADMIN_ONLY, kwargs={"pk": "custom_field"}),
    Rule(
        "customfields:field-edit", "POST", staff(403, 403, 403, 400), kwargs={"pk": "custom_field"}, data={}
    ),
    Rule("customfields:field-deactivate", "POST", staff(403, 403, 403, 302), kwargs={"pk": "custom_field"}),
    Rule("customfields:ticket-fields", "POST", staff(404, 302, 302, 302), kwargs={"pk": "inhouse"}, data={}),
    Rule(
        "customfields:ticket-fields",
        "POST",
        staff(302, 302, 302, 302),
        kwargs={"pk": "partner_ticket"},
        data={},
        note="partner's",
    ),
    Rule("api:ticket-fields", "GET", staff(404, 200, 200, 200), kwargs={"ticket": "inhouse"}),
    Rule(
        "api:ticket-fields",
        "GET",
        staff(200, 200, 200, 200),
        kwargs={"ticket": "partner_ticket"},
        note="partner's",
    ),
    Rule("api:ticket-fields", "PATCH", staff(404, 400, 400, 400), kwargs={"ticket": "inhouse"}, data={}),
    Rule(
        "api:ticket-fields",
        "PATCH",
        staff(200, 200, 200, 200),
        kwargs={"ticket": "partner_ticket"},
        data={"values": {}},
        note="partner's",
    ),
]
