"""The demo logins, as `seed_demo` and `serve` print them."""

from accounts.demo import demo_totp_key_base32
from accounts.models import User
from workspace.management.demo_data import DEMO_PASSWORD, TEAMS, USERS


def demo_login_lines() -> list[str]:
    """One line per demo account present in the database; empty when the demo was never seeded."""
    present = {
        u.username: u for u in User.objects.filter(username__in=[d.username for d in USERS], is_active=True)
    }
    if not present:
        return []
    team_names = {t.slug: t.name for t in TEAMS}
    lines = [f"Demo logins (password for every one: {DEMO_PASSWORD})"]
    for demo in USERS:
        user = present.get(demo.username)
        if user is None:
            continue
        teams = ", ".join(team_names[slug] + (" (lead)" if slug in demo.leads else "") for slug in demo.teams)
        lines.append(f"  {demo.username:<8} {user.role:<11} {user.time_zone:<20} {teams or '-'}")
    lines.append(
        f"Second step of sign-in: `python manage.py demo_code <username>` prints the current code, or add "
        f"the published demo key {demo_totp_key_base32()} to an authenticator app"
    )
    return lines
