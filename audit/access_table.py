"""Who may call audit's pages and endpoints (helpdesk/access_matrix.py): auditors and admins read the
log, check its integrity, take signed exports and fetch the export key; nobody else does."""

from helpdesk.access_matrix import Ref, Rule, staff

READERS = staff(403, 403, 403, 200, auditor=200)

ACCESS_TABLE: list[Rule] = [
    Rule("audit:event-list", "GET", READERS),
    Rule("audit:integrity-check", "POST", staff(403, 403, 403, 302, auditor=302)),
    Rule("audit:export", "GET", READERS),
    Rule("audit:export", "POST", READERS, data={"ticket": Ref("inhouse")}),
    Rule("audit:export", "POST", staff(403, 403, 403, 400, auditor=400), data={}, note="no scope"),
    Rule("audit:export-key", "GET", READERS),
    Rule("api:audit-api:event-list", "GET", READERS),
    Rule(
        "api:audit-api:event-list",
        "GET",
        staff(403, 403, 403, 400, auditor=400),
        query="?from=never",
        note="bad date",
    ),
    Rule("api:audit-api:export-create", "POST", READERS, data={"ticket": Ref("inhouse")}),
    Rule(
        "api:audit-api:export-create",
        "POST",
        staff(403, 403, 403, 400, auditor=400),
        data={},
        note="no scope",
    ),
]
