"""The saved views the access matrix's world holds (tests/ops/access_world.py)."""

from typing import Any

from accounts.models import User
from queueviews.services import saved_view_create
from routing.models import Team


def queueviews_world(users: dict[str, User]) -> dict[str, Any]:
    shared = saved_view_create(
        actor=users["supervisor"], name="Urgent and open", scope="shared", filters={"priority": ["urgent"]}
    )
    partner = saved_view_create(
        actor=users["supervisor"],
        name="Partner desk backlog",
        scope="shared",
        team=Team.objects.get(slug="partner-desk"),
        filters={"status": ["open"]},
    )
    mine = saved_view_create(actor=users["agent"], name="My pending", filters={"status": ["pending"]})
    return {"shared_view": shared.pk, "partner_view": partner.pk, "agent_view": mine.pk}
