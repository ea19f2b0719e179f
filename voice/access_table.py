"""Who may reach the phone channel's pages (helpdesk/access_matrix.py).

The Calls page is every agent's (a partner agent sees only their own team's callers, and the world's
call is the in-house team's: 404 for them). Twilio's webhooks answer Twilio's signature alone: a
session or a token opens nothing (403 for everyone without the signature).
"""

from helpdesk.access_matrix import Rule, everyone, staff

CALL = {"pk": "voice_call"}
CALLBACK = {"pk": "voice_callback"}
HOOK = {"webhook_key": "voice_webhook_key"}

ACCESS_TABLE: list[Rule] = [
    Rule("voice:call-board", "GET", staff(200, 200, 200, 200)),
    Rule("voice:call-board-rows", "GET", staff(200, 200, 200, 200)),
    # Without a phone line of their own the agent is sent back with a message: the check passed.
    Rule("voice:call-answer", "POST", staff(404, 302, 302, 302), kwargs=CALL),
    Rule("voice:callback-call", "POST", staff(404, 302, 302, 302), kwargs=CALLBACK),
    Rule("voice:callback-done", "POST", staff(404, 302, 302, 302), kwargs=CALLBACK),
    Rule("voice:agent-line-set", "POST", staff(302, 302, 302, 302)),
    *(
        Rule(f"voice:hook-{step}", "POST", everyone(403), kwargs=HOOK)
        for step in (
            "incoming",
            "menu",
            "wait",
            "status",
            "recording",
            "transcription",
            "voicemail",
            "callback-status",
        )
    ),
]
