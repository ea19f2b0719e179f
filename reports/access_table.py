"""Who may use the reports pages and endpoints (helpdesk/access_matrix.py)."""

from helpdesk.access_matrix import Rule

ACCESS_TABLE: list[Rule] = []
