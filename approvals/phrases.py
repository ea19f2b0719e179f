"""The customer's notice of each executed action, in the active language (gettext, customer
catalogues: docs/i18n.md). Short, and never a secret: the new email address arrives masked ({email});
{limit} and {currency} are the new withdrawal limit."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from approvals.models import ActionKind

A = ActionKind


def notices() -> dict[ActionKind, str]:
    """The three actions that could be an attacker's end game carry the warning to answer at once."""
    warning = _("If you did not ask for this, reply to this message at once.")

    def warned(notice: str) -> str:
        # Translators: a notice followed by the warning; languages written without spaces between
        # sentences (ja, zh) drop the space.
        return pgettext("notice then warning", "{notice} {warning}").format(notice=notice, warning=warning)

    return {
        A.UNLOCK_WITHDRAWALS: warned(_("Withdrawals from your account are unlocked again.")),
        A.RESET_2FA: warned(
            _(
                "Two-factor authentication on your account has been reset. "
                "Please sign in and set up a new second factor right away."
            )
        ),
        A.CHANGE_EMAIL: warned(_("The email address of your account has been changed to {email}.")),
        A.REVOKE_API_KEYS: _(
            "All API keys of your account have been revoked. "
            "Create new ones in your account settings if you need them."
        ),
        A.RAISE_WITHDRAWAL_LIMIT: _("Your withdrawal limit has been raised to {limit} {currency}."),
    }
