"""Who may use the handle time and cost pages and endpoints (helpdesk/access_matrix.py)."""

from helpdesk.access_matrix import Rule

ACCESS_TABLE: list[Rule] = []
