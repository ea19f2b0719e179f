"""Who may call the configuration pages (helpdesk/access_matrix.py).

Supervisors and admins read the lists; admins alone open the forms and change anything. An empty form
posted by an admin is refused with 400 (the check passed, nothing changed).
"""

from collections.abc import Mapping

from helpdesk.access_matrix import Expect, Rule, staff

READ = staff(403, 403, 200, 200)
FORM = staff(403, 403, 403, 200)
EMPTY_POST = staff(403, 403, 403, 400)
DONE = staff(403, 403, 403, 302)
TEAM = {"pk": "team"}


def _delete(name: str, fixture: str) -> list[Rule]:
    """The confirmation page, then the deletion (or the service's refusal as a message): both return
    to the list."""
    kwargs = {"pk": fixture}
    return [
        Rule(f"configuration:{name}", "GET", FORM, kwargs=kwargs),
        Rule(f"configuration:{name}", "POST", DONE, kwargs=kwargs, data={}, note="deleted or refused"),
    ]


def _form(
    name: str, kwargs: dict[str, str] | None = None, post: Mapping[str, Expect] = EMPTY_POST
) -> list[Rule]:
    return [
        Rule(f"configuration:{name}", "GET", FORM, kwargs=kwargs or {}),
        Rule(f"configuration:{name}", "POST", post, kwargs=kwargs or {}, data={}, note="empty form"),
    ]


ACCESS_TABLE: list[Rule] = [
    Rule("configuration:home", "GET", READ),
    Rule("configuration:team-list", "GET", READ),
    *_form("team-create"),
    *_form("team-edit", TEAM),
    *_form("team-schedule", TEAM),
    *_form("team-members", TEAM),
    Rule("configuration:agent-list", "GET", READ),
    # An empty choice takes the agent out of every team: done, and rolled back after the request.
    *_form("agent-teams", {"pk": "agent_id"}, post=DONE),
    Rule("configuration:vip-list", "GET", READ),
    *_form("vip-policy-create"),
    *_form("vip-policy-edit", {"pk": "vip_policy"}),
    *_delete("vip-policy-delete", "vip_policy"),
    Rule("configuration:account-manager-list", "GET", READ),
    # Nobody chosen is a valid answer (the customer has no account manager).
    *_form("account-manager-edit", {"pk": "inhouse_customer"}, post=DONE),
    Rule("configuration:rule-list", "GET", READ),
    *_form("rule-create"),
    *_form("rule-edit", {"pk": "routing_rule"}),
    Rule("configuration:rule-builder", "POST", staff(403, 403, 403, 200), data={}),
    Rule("configuration:rule-move", "POST", DONE, kwargs={"pk": "routing_rule"}, data={"direction": "up"}),
    Rule("configuration:rule-toggle", "POST", DONE, kwargs={"pk": "routing_rule"}, data={}),
    *_delete("rule-delete", "routing_rule"),
    Rule("configuration:sla-policy-list", "GET", READ),
    *_form("sla-policy-create"),
    *_form("sla-policy-edit", {"pk": "sla_policy"}),
    *_delete("sla-policy-delete", "sla_policy"),
    Rule("configuration:calendar-list", "GET", READ),
    *_form("calendar-create"),
    *_form("calendar-edit", {"pk": "business_calendar"}),
    *_delete("calendar-delete", "business_calendar"),
    # Channel accounts hold provider credentials: admins alone, even to read the list.
    Rule("configuration:channel-list", "GET", FORM),
    Rule("configuration:channel-create", "GET", FORM, query="?kind=whatsapp"),
    Rule(
        "configuration:channel-create", "POST", EMPTY_POST, query="?kind=whatsapp", data={}, note="empty form"
    ),
    *_form("channel-edit", {"pk": "channel_account"}),
    Rule("configuration:channel-toggle", "POST", DONE, kwargs={"pk": "channel_account"}, data={}),
    Rule("configuration:channel-templates-refresh", "POST", DONE, kwargs={"pk": "channel_account"}, data={}),
]
