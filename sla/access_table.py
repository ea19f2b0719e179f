"""Who may read SLA attainment (helpdesk/access_matrix.py): supervisors and admins."""

from helpdesk.access_matrix import Rule, staff

ACCESS_TABLE: list[Rule] = [
    Rule("sla:attainment-report", "GET", staff(403, 403, 200, 200)),
]
