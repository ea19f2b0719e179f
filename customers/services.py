from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from audit.services import audit_record
from customers.access import is_partner_agent, pii_revealable, pii_shown_unmasked
from customers.models import (
    AccountFlag,
    Customer,
    KycStatus,
    VipLevel,
    mask_addresses_in,
    mask_email,
    mask_phone,
)
from helpdesk.errors import DomainError
from helpdesk.validation import known_time_zones

# Fields the exchange's backend (and admins) may set; anything else is refused.
CUSTOMER_FIELDS = (
    "name",
    "email",
    "phone",
    "language",
    "region",
    "time_zone",
    "vip_level",
    "kyc_status",
    "account_flags",
    "account_opened_at",
    "pending_withdrawal_usd",
    "last_2fa_change_at",
    "last_new_device_login_at",
    "account_manager",
    "backup_account_manager",
)
PII_FIELDS = ("email", "phone")


def _snapshot(customer: Customer) -> dict[str, Any]:
    return model_to_dict(customer, fields=CUSTOMER_FIELDS)


def _validate(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(CUSTOMER_FIELDS)
    if unknown:
        raise DomainError(_("unknown customer fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if "vip_level" in fields and fields["vip_level"] not in VipLevel.values:
        raise DomainError(_("vip_level must be one of %(allowed)s") % {"allowed": ", ".join(VipLevel.values)})
    if "time_zone" in fields and fields["time_zone"] not in known_time_zones():
        raise DomainError(
            _("time_zone %(value)s is not an IANA time zone such as Europe/Berlin")
            % {"value": repr(fields["time_zone"])}
        )
    if "kyc_status" in fields and fields["kyc_status"] not in KycStatus.values:
        raise DomainError(
            _("kyc_status must be one of %(allowed)s")
            % {
                "allowed": ", ".join(KycStatus.values),
            }
        )
    flags = fields.get("account_flags")
    if flags is not None and (not isinstance(flags, list) or any(f not in AccountFlag.values for f in flags)):
        raise DomainError(
            _("account_flags must be a list of %(allowed)s") % {"allowed": ", ".join(AccountFlag.values)}
        )


def customer_upsert(*, external_id: str, actor: Any = None, **fields: Any) -> tuple[Customer, bool]:
    """Create or update a customer by the exchange's user id; returns (customer, created)."""
    if not external_id or len(external_id) > 64:
        raise DomainError(_("external_id is required (at most 64 characters)"))
    _validate(fields)
    if isinstance(fields.get("name"), str):
        # A name is shown wherever the customer is, unmasked: mail clients often send the address as
        # the display name ("ana@x.example" <ana@x.example>), and the address belongs in `email`.
        fields["name"] = mask_addresses_in(fields["name"])
    try:
        return _upsert_once(external_id, actor, fields)
    except IntegrityError:
        # Two pushes for a new customer raced and the other inserted first: now it is an update.
        return _upsert_once(external_id, actor, fields)


def _upsert_once(external_id: str, actor: Any, fields: dict[str, Any]) -> tuple[Customer, bool]:
    with transaction.atomic():
        customer = Customer.objects.select_for_update().filter(external_id=external_id).first()
        created = customer is None
        if customer is None:
            customer = Customer(external_id=external_id)
            before = None
        else:
            before = _snapshot(customer)
        for name, value in fields.items():
            setattr(customer, name, value)
        # The unique constraint, not a prior SELECT, decides who created the row first.
        customer.full_clean(validate_unique=False)
        customer.save()
        after = _snapshot(customer)
        if before != after:
            changed = [k for k in after if before is None or before.get(k) != after[k]]
            audit_record(
                action="customer.created" if created else "customer.updated",
                obj=customer,
                actor=actor,
                actor_label=None if actor else "system:exchange-sync",
                # Contact details never enter the audit log in clear.
                before={k: before[k] for k in changed if k not in PII_FIELDS} if before else None,
                after={k: ("(changed)" if k in PII_FIELDS else after[k]) for k in changed},
            )
    return customer, created


def customer_viewed(
    *, customer: Customer, actor: Any, path: str, ticket: Any = None, partner: bool | None = None
) -> None:
    """Records that a partner agent looked at a customer (a ticket's customer panel, the customer's page,
    the exchange panel, the API): the clean room audits every look, masked or not. Other staff's looks
    are not recorded here. One INSERT and no transaction of its own, as it runs on every such page; a
    caller that has asked whether `actor` is a partner agent already says so in `partner`."""
    if not (is_partner_agent(actor) if partner is None else partner):
        return
    audit_record(
        action="customers.customer.viewed",
        obj=customer,
        actor=actor,
        after={"ticket": ticket.pk if ticket is not None else None, "path": path[:500]},
    )


def customer_pii_viewed(*, customer: Customer, actor: Any, reason: str = "") -> dict[str, str]:
    """Returns the unmasked contact details and records who looked, and why."""
    if not pii_revealable(actor):
        raise DomainError(_("your role may not see this customer's contact details"), code="forbidden")
    with transaction.atomic():
        audit_record(
            action="customer.pii_viewed",
            obj=customer,
            actor=actor,
            after={"fields": list(PII_FIELDS), "reason": reason},
        )
    return {"email": customer.email, "phone": customer.phone}


@dataclass(frozen=True)
class ContactDetails:
    email: str
    phone: str
    masked: bool


def customer_contact_shown(*, customer: Customer, actor: Any) -> ContactDetails:
    """The contact details as `actor` sees them on a page: unmasked (and audited) for roles that see
    them so, masked for everyone else."""
    if pii_shown_unmasked(actor):
        shown = customer_pii_viewed(customer=customer, actor=actor, reason="shown to role")
        return ContactDetails(email=shown["email"], phone=shown["phone"], masked=False)
    return ContactDetails(email=mask_email(customer.email), phone=mask_phone(customer.phone), masked=True)


def customer_contact_revealed(*, customer: Customer, actor: Any, reason: str) -> ContactDetails:
    """An agent asks to see one customer's contact details; a reason is required and recorded."""
    # Permission before the reason: a partner agent is refused whatever they send.
    if not pii_revealable(actor):
        raise DomainError(_("your role may not see this customer's contact details"), code="forbidden")
    reason = (reason or "").strip()
    if not reason and not pii_shown_unmasked(actor):
        raise DomainError(_("say why you need this customer's contact details"), code="reason_required")
    shown = customer_pii_viewed(customer=customer, actor=actor, reason=reason[:500])
    return ContactDetails(email=shown["email"], phone=shown["phone"], masked=False)
