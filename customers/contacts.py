"""Contact data as one viewer sees it, wherever it appears: a customer's own fields, the addresses in a
timeline entry's email metadata (From, To, Cc, Reply-To), the recipients of a bounce or an
acknowledgement, addresses quoted in a mail server's diagnostic.

The rule is customers.access's, decided once per response: supervisors and admins see contact data
unmasked and the view is audited for the customers concerned; everyone else, partner agents always,
sees it masked. In-house agents reveal one customer's details with a reason (customers.services).
Serializers, pages and realtime payloads take a ContactMask rather than calling mask_email themselves,
so there is one place that decides.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import getaddresses
from typing import Any

from customers.access import pii_shown_unmasked
from customers.models import Customer, mask_addresses_in, mask_email, mask_phone
from customers.services import customer_pii_viewed

# The keys of a timeline entry's data that hold addresses: the email metadata, and the recipients of
# email events (email_bounced, email_failed, email_acknowledged).
_MAIL_ADDRESS_KEYS = ("from", "to", "cc", "bcc", "reply_to", "sender")
_MAIL_TEXT_KEYS = ("diagnostic", "error")


@dataclass(frozen=True)
class ContactMask:
    unmasked: bool = False

    def email(self, value: Any) -> str:
        text = str(value or "")
        return text if self.unmasked else mask_email(text)

    def phone(self, value: Any) -> str:
        text = str(value or "")
        return text if self.unmasked else mask_phone(text)

    def address(self, value: Any) -> str:
        """One header value ("Jo Doe <jo@example.com>"); masked, only the masked address is left."""
        text = str(value or "")
        if self.unmasked:
            return text
        found = [addr for _name, addr in getaddresses([text]) if addr]
        return ", ".join(mask_email(a) for a in found) if found else self.text(text)

    def addresses(self, values: Any) -> list[str]:
        items = values if isinstance(values, list | tuple) else [values]
        return [self.address(v) for v in items if v]

    def text(self, value: Any) -> str:
        text = str(value or "")
        return text if self.unmasked else mask_addresses_in(text)

    def entry_data(self, data: dict[str, Any] | None) -> dict[str, Any]:
        """A timeline entry's data with every address in it as this viewer may see it."""
        shown = dict(data or {})
        if self.unmasked:
            return shown
        mail = shown.get("email")
        if isinstance(mail, dict):
            shown["email"] = self._mail(mail)
        if str(shown.get("event", "")).startswith("email_"):
            shown = self._mail(shown)
        return shown

    def _mail(self, values: dict[str, Any]) -> dict[str, Any]:
        out = dict(values)
        for key in _MAIL_ADDRESS_KEYS:
            if out.get(key):
                out[key] = self.addresses(out[key]) if isinstance(out[key], list) else self.address(out[key])
        for key in _MAIL_TEXT_KEYS:
            if isinstance(out.get(key), str):
                out[key] = self.text(out[key])
        return out


MASKED = ContactMask(unmasked=False)


def contact_mask_for(*, actor: Any, customers: Iterable[Customer], why: str = "shown to role") -> ContactMask:
    """How `actor` sees the contact data of `customers` in one response; the unmasked view is audited
    once per customer."""
    if not pii_shown_unmasked(actor):
        return MASKED
    for customer in {c.pk: c for c in customers}.values():
        customer_pii_viewed(customer=customer, actor=actor, reason=why)
    return ContactMask(unmasked=True)
