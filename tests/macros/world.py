"""The macros the access matrix's world holds (tests/ops/access_world.py)."""

from typing import Any

from accounts.models import User
from macros.services import macro_create
from routing.models import Team


def macros_world(users: dict[str, User]) -> dict[str, Any]:
    shared = macro_create(
        actor=users["supervisor"],
        title="Tagged for review",
        scope="shared",
        variants={"": "Hello {{customer.first_name}}, we are on it."},
        actions={"tags": ["macro-review"]},
    )
    partner = macro_create(
        actor=users["supervisor"],
        title="Partner desk greeting",
        scope="shared",
        team=Team.objects.get(slug="partner-desk"),
        variants={"": "Hello from the partner desk."},
    )
    mine = macro_create(
        actor=users["agent"],
        title="Alice's sign-off",
        scope="personal",
        variants={"": "Best, {{agent.first_name}}"},
    )
    return {"shared_macro": shared.pk, "partner_macro": partner.pk, "agent_macro": mine.pk}
