"""The custom field the access matrix's world holds (tests/ops/access_world.py)."""

from typing import Any

from accounts.models import User
from customfields.services import field_define


def customfields_world(users: dict[str, User]) -> dict[str, Any]:
    field = field_define(actor=users["admin"], key="txid", label="TxID", type="txid", partner_visible=True)
    return {"custom_field": field.pk}
