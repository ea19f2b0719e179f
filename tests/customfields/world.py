"""The custom field the access matrix's world holds (tests/ops/access_world.py)."""

from typing import Any

from accounts.models import User
from customfields.services import field_define


def customfields_world(users: dict[str, User]) -> dict[str, Any]:
    field = field_define(actor=users["admin"], key="txid", label="TxID", type="txid", partner_visible=True)
    return {"custom_field": field.pk}


def customfields_fuzz_world(admin: User, ticket: Any) -> None:
    """One field of each type with a value on the fuzz world's ticket, so the API's answers carry each
    type's JSON (tests/fuzz)."""
    from customfields.services import ticket_fields_set

    for key, kind in (
        ("txid", "txid"),
        ("amount", "decimal"),
        ("count", "number"),
        ("sent_on", "date"),
        ("confirmed", "checkbox"),
        ("note", "text"),
        ("address", "address"),
    ):
        field_define(actor=admin, key=key, label=key.title(), type=kind)
    field_define(actor=admin, key="network", label="Network", type="select", options=["ERC20", "TRC20"])
    ticket_fields_set(
        ticket=ticket,
        actor=admin,
        values={
            "txid": "0x" + "ab" * 32,
            "amount": "1.000000000000000001",
            "count": 3,
            "sent_on": "2026-12-01",
            "confirmed": True,
            "network": "TRC20",
        },
    )
