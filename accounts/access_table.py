"""Who may call the sign-in and account pages and the API's token door (helpdesk/access_matrix.py)."""

from helpdesk.access_matrix import Outcome, Rule, everyone, staff

STAFF_JSON = staff(200, 200, 200, 200, auditor=200, anonymous=403)
NOT_BEGUN = staff(400, 400, 400, 400, auditor=400, anonymous=403)

ACCESS_TABLE: list[Rule] = [
    # Signing in and out is for everyone; a wrong password is a 200 with the form again.
    Rule("accounts:login", "GET", everyone(200)),
    Rule("accounts:login", "POST", everyone(200), data={"username": "nobody", "password": "wrong"}),
    Rule("accounts:logout", "POST", everyone(Outcome.LOGIN)),
    # The second step of signing in, and one's own security page: for the signed-in person, auditors
    # included (their account is theirs to keep). A wrong code is a 400.
    Rule("accounts:verify", "GET", staff(200, 200, 200, 200, auditor=200)),
    Rule("accounts:verify", "POST", staff(400, 400, 400, 400, auditor=400), data={"code": "000000"}),
    Rule("accounts:security", "GET", staff(200, 200, 200, 200, auditor=200)),
    Rule("accounts:totp-start", "POST", staff(302, 302, 302, 302, auditor=302)),
    # Confirming an authenticator app nobody started is a 404.
    Rule("accounts:totp-confirm", "POST", staff(404, 404, 404, 404, auditor=404), data={"code": "000000"}),
    # Recovery codes need a factor first (409); removing a device that is not one's own is a 404.
    Rule("accounts:recovery-codes", "POST", staff(409, 409, 409, 409, auditor=409)),
    Rule("accounts:device-remove", "POST", staff(404, 404, 404, 404, auditor=404), data={"device": "x/1"}),
    Rule("accounts:token-revoke", "POST", staff(302, 302, 302, 302, auditor=302)),
    # Security keys: the ceremonies of django-otp-webauthn, for the signed-in person only.
    # (Completing a ceremony that was not begun is a 400.)
    Rule("accounts:webauthn-registration-begin", "POST", STAFF_JSON, form=False),
    Rule("accounts:webauthn-registration-complete", "POST", NOT_BEGUN, form=False),
    Rule("accounts:webauthn-authentication-begin", "POST", STAFF_JSON, form=False),
    Rule("accounts:webauthn-authentication-complete", "POST", NOT_BEGUN, form=False),
    Rule("accounts:webauthn-jsi18n", "GET", everyone(200)),
    # A token for scripts: anyone may ask, with a username and password (a wrong one is a 400).
    # A chat token sent as an API token is refused before the password is read.
    Rule(
        "api:auth-token",
        "POST",
        everyone(400) | {"visitor": 401},
        data={"username": "nobody", "password": "wrong"},
    ),
]
