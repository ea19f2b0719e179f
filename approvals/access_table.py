"""Who may request, read, decide and cancel two-person approvals, and who may change their policies
(helpdesk/access_matrix.py).

Anyone who may work on a ticket requests an action on it (partner agents on their teams' tickets);
the approvals pages are for supervisors, admins, auditors and holders of an approval permission
(nobody in the world holds one but the admin, a superuser). Nobody decides their own request; the
maker, supervisors and admins cancel. Auditors read everything and change nothing; admins alone edit
the policies. A request on a ticket someone may not see is a 404 to them, as the ticket is.
"""

from helpdesk.access_matrix import Ref, Rule, staff

READERS = staff(403, 403, 200, 200, auditor=200)
INHOUSE_REQUEST = {"pk": "inhouse_approval"}
PARTNER_REQUEST = {"pk": "partner_approval"}
POLICY = {"action": "approval_action", "level": "approval_level"}
REQUEST_BODY = {
    "ticket": Ref("inhouse"),
    "action": "revoke_api_keys",
    "reason": "Keys leaked.",
    "evidence": [],
}

ACCESS_TABLE: list[Rule] = [
    Rule("approvals:request-list", "GET", READERS),
    # The top bar's link: empty for those who may not read approvals, never refused to staff.
    Rule("approvals:nav-link", "GET", staff(200, 200, 200, 200, auditor=200)),
    Rule("approvals:policy-list", "GET", READERS),
    Rule("approvals:policy-edit", "GET", staff(403, 403, 403, 200), kwargs=POLICY),
    Rule("approvals:policy-edit", "POST", staff(403, 403, 403, 400), kwargs=POLICY),
    Rule(
        "approvals:request-create",
        "GET",
        # Auditors may read approvals, but no case is theirs to act on: the ticket is not found.
        staff(404, 200, 200, 200, auditor=404),
        kwargs={"pk": "inhouse"},
        note="in-house",
    ),
    Rule(
        "approvals:request-create",
        "GET",
        staff(200, 200, 200, 200, auditor=404),
        kwargs={"pk": "partner_ticket"},
        note="partner's",
    ),
    Rule("approvals:request-create", "POST", staff(404, 400, 400, 400), kwargs={"pk": "inhouse"}),
    Rule(
        "approvals:request-detail",
        "GET",
        staff(404, 200, 200, 200, auditor=200),
        kwargs=INHOUSE_REQUEST,
        note="in-house",
    ),
    Rule(
        "approvals:request-detail",
        "GET",
        staff(200, 200, 200, 200, auditor=200),
        kwargs=PARTNER_REQUEST,
        note="partner's",
    ),
    # The agent made the in-house request: they may not decide it; the supervisor holds no approval
    # permission; the admin (a superuser) may, and an empty form is a 400.
    Rule("approvals:request-decide", "POST", staff(404, 403, 403, 400), kwargs=INHOUSE_REQUEST),
    Rule(
        "approvals:request-cancel", "POST", staff(404, 302, 302, 302), kwargs=INHOUSE_REQUEST, note="in-house"
    ),
    # The partner made this one: they, supervisors and admins may cancel it; the agent may not.
    Rule(
        "approvals:request-cancel",
        "POST",
        staff(302, 403, 302, 302),
        kwargs=PARTNER_REQUEST,
        note="partner's",
    ),
    # The API: the same answers, 401 without a token.
    Rule("api:approvals-api:request-list", "GET", staff(200, 200, 200, 200, auditor=200)),
    Rule("api:approvals-api:request-list", "POST", staff(404, 201, 201, 201), data=REQUEST_BODY),
    Rule(
        "api:approvals-api:request-detail",
        "GET",
        staff(404, 200, 200, 200, auditor=200),
        kwargs=INHOUSE_REQUEST,
        note="in-house",
    ),
    Rule(
        "api:approvals-api:request-detail",
        "GET",
        staff(200, 200, 200, 200, auditor=200),
        kwargs=PARTNER_REQUEST,
        note="partner's",
    ),
    Rule(
        "api:approvals-api:request-decision",
        "POST",
        staff(404, 403, 403, 200),
        kwargs=INHOUSE_REQUEST,
        data={"verdict": "reject", "note": "Not enough proof."},
    ),
    Rule(
        "api:approvals-api:request-decision",
        "POST",
        staff(404, 400, 400, 400),
        kwargs=INHOUSE_REQUEST,
        data={},
        note="bad body",
    ),
    Rule(
        "api:approvals-api:request-cancel", "POST", staff(404, 200, 200, 200), kwargs=INHOUSE_REQUEST, data={}
    ),
    Rule("api:approvals-api:policies", "GET", READERS),
    Rule("api:approvals-api:policies", "PUT", staff(403, 403, 403, 400), data={}),
]
