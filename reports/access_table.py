"""Who may use the reports pages and endpoints (helpdesk/access_matrix.py): supervisors and admins.

The dashboard compares teams and agents across the helpdesk, and its export is a bulk export, which
agents (partner agents above all) never get.
"""

from helpdesk.access_matrix import Rule, staff

ACCESS_TABLE: list[Rule] = [
    Rule("reports:dashboard", "GET", staff(403, 403, 200, 200)),
    Rule("reports:dashboard", "GET", staff(403, 403, 400, 400), query="?period=custom", note="bad period"),
    Rule("reports:export", "GET", staff(403, 403, 200, 200), query="?metric=volume&breakdown=team"),
    Rule("reports:export", "GET", staff(403, 403, 400, 400), query="?metric=nope", note="unknown metric"),
]
