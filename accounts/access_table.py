"""Who may call the sign-in and account pages and the API's token door (helpdesk/access_matrix.py)."""

from helpdesk.access_matrix import Outcome, Rule, everyone

ACCESS_TABLE: list[Rule] = [
    # Signing in and out is for everyone; a wrong password is a 200 with the form again.
    Rule("accounts:login", "GET", everyone(200)),
    Rule("accounts:login", "POST", everyone(200), data={"username": "nobody", "password": "wrong"}),
    Rule("accounts:logout", "POST", everyone(Outcome.LOGIN)),
    # A token for scripts: anyone may ask, with a username and password (a wrong one is a 400).
    # A chat token sent as an API token is refused before the password is read.
    Rule(
        "api:auth-token",
        "POST",
        everyone(400) | {"visitor": 401},
        data={"username": "nobody", "password": "wrong"},
    ),
]
