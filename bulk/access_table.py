"""Who may call the bulk pages and the bulk API (helpdesk/access_matrix.py).

Every member of staff may start a bulk action: each ticket in it is then checked as if changed alone,
so a partner agent's job skips what the partner may not change. A job is read by its author, and by
supervisors and admins; anyone else gets a 404.
"""

from helpdesk.access_matrix import Rule, staff

ACCESS_TABLE: list[Rule] = [
    Rule("bulk:bar", "GET", staff(200, 200, 200, 200)),
    # Nothing ticked: nothing starts, and the queue says so.
    Rule("bulk:job-create", "POST", staff(302, 302, 302, 302), data={}, note="nothing selected"),
    Rule("bulk:job-detail", "GET", staff(404, 404, 404, 404), kwargs={"pk": "missing"}),
    Rule("api:bulk-jobs", "POST", staff(400, 400, 400, 400), data={}),
    Rule("api:bulk-job", "GET", staff(404, 404, 404, 404), kwargs={"pk": "missing"}),
]
