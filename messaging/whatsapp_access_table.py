"""Who may send a WhatsApp template from a ticket page (messaging/whatsapp_views.py), as rows of
messaging's access table: whoever may reply on the ticket; others get the ticket's 404."""

from helpdesk.access_matrix import Rule, staff

# An empty form names no template: refused with a message, back to the ticket (302).
WHATSAPP_RULES: list[Rule] = [
    Rule(
        "whatsapp:template-send",
        "POST",
        staff(404, 302, 302, 302),
        kwargs={"ticket_id": "inhouse", "contact_id": "missing"},
        data={},
    ),
    Rule(
        "whatsapp:template-send",
        "POST",
        staff(302, 302, 302, 302),
        kwargs={"ticket_id": "partner_ticket", "contact_id": "missing"},
        data={},
        note="partner's",
    ),
]
