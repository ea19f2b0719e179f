"""Who may call the notification pages and API (helpdesk/access_matrix.py).

Every staff member has their own notifications and only those: nothing here takes another person's id
(a notification id that is not yours is ignored when marking read). Auditors have none (403)."""

from helpdesk.access_matrix import Rule, staff

ALL = staff(200, 200, 200, 200)
MARKED = staff(302, 302, 302, 302)
REFUSED = staff(400, 400, 400, 400)

ACCESS_TABLE: list[Rule] = [
    Rule("notifications:notification-list", "GET", ALL),
    Rule("notifications:bell", "GET", ALL),
    Rule("notifications:recent", "GET", ALL),
    Rule("notifications:notification-read", "POST", MARKED, data={"all": "1"}),
    Rule("notifications:notification-read", "POST", REFUSED, data={}, note="neither id nor all"),
    Rule("notifications:preferences", "GET", ALL),
    Rule("notifications:preferences", "POST", MARKED, data={"email": ["assigned"]}),
    Rule("notifications:preferences", "POST", REFUSED, data={"email": ["nonsense"]}, note="unknown kind"),
    Rule("api:notification-list", "GET", ALL),
    Rule("api:notification-unread", "GET", ALL),
    Rule("api:notification-read", "POST", ALL, data={"all": True}),
    Rule("api:notification-read", "POST", REFUSED, data={}, note="neither ids nor all"),
]
