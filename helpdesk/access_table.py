"""Who may call the project's own doors: the root, the health check, the icon, the API's root, schema
and docs, and the stock Django admin (helpdesk/access_matrix.py)."""

from helpdesk.access_matrix import Rule, everyone, staff

ACCESS_TABLE: list[Rule] = [
    # The root sends everyone on: staff to the queue (which asks anonymous callers to sign in).
    Rule("/", "GET", everyone(302)),
    Rule("/", "POST", everyone(302)),
    # The load balancer's and Kubernetes' probes and the browser's icon: public.
    Rule("healthz", "GET", everyone(200)),
    Rule("livez", "GET", everyone(200)),
    Rule("favicon", "GET", everyone(302)),
    # Browsers post Content-Security-Policy violations here, signed in or not.
    Rule(
        "csp-report",
        "POST",
        everyone(204),
        data={"csp-report": {"violated-directive": "script-src"}},
        form=False,
    ),
    # The API's root lists its routes to signed-in staff; the schema and its docs describe the API
    # (no data) to anyone, as the public contract the exchange's backend is written against.
    Rule("api:api-root", "GET", staff(200, 200, 200, 200)),
    Rule("api-schema", "GET", staff(200, 200, 200, 200, anonymous=200)),
    Rule("api-docs", "GET", staff(200, 200, 200, 200, anonymous=200)),
    # The stock Django admin, standing for every page under admin/: staff accounts (the helpdesk's
    # admins) only; everyone else is sent to its sign-in page, and agents never get past it.
    Rule("admin:index", "GET", staff(302, 302, 302, 200, anonymous=302)),
    Rule("admin:tickets_ticket_changelist", "GET", staff(302, 302, 302, 200, anonymous=302)),
    Rule("admin:accounts_user_changelist", "GET", staff(302, 302, 302, 200, anonymous=302)),
    Rule(
        "admin:accounts_user_change",
        "GET",
        staff(302, 302, 302, 200, anonymous=302),
        kwargs={"object_id": "agent_id"},
    ),
]
