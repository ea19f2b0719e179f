import functools
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.context import current
from audit.models import AuditEvent
from audit.services import audit_event, audit_record
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
from helpdesk import rows
from helpdesk.errors import DomainError
from helpdesk.inserts import CteInsert, cte_insert
from helpdesk.prepared import prepared_row
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
        _changes_audit(customer, before, actor)
    return customer, created


def _changes_audit(customer: Customer, before: dict[str, Any] | None, actor: Any) -> None:
    fields = _changes(customer, before, actor)
    if fields is not None:
        audit_record(**fields)


def _changes(customer: Customer, before: dict[str, Any] | None, actor: Any) -> dict[str, Any] | None:
    """`audit_record`'s arguments for the change from `before` (None: created) to `customer` as it
    is now; None when nothing changed."""
    after = _snapshot(customer)
    if before == after:
        return None
    changed = [k for k in after if before is None or before.get(k) != after[k]]
    return {
        "action": "customer.created" if before is None else "customer.updated",
        "obj": customer,
        "actor": actor,
        "actor_label": None if actor else _EXCHANGE_SYNC,
        # Contact details never enter the audit log in clear.
        "before": {k: before[k] for k in changed if k not in PII_FIELDS} if before else None,
        "after": {k: ("(changed)" if k in PII_FIELDS else after[k]) for k in changed},
    }


_EXCHANGE_SYNC = "system:exchange-sync"


def email_external_id(address: str) -> str:
    """The exchange user id of an email-only customer: stable per address whatever its case, yet not
    the address itself (the id is shown where contact details are masked)."""
    return "email-" + hashlib.sha256(address.lower().encode()).hexdigest()[:32]


def customer_for_email(*, email: str, name: str, language: str) -> Customer:
    """The customer with this address (the newest, whatever the case of its letters), else a new
    email-only customer for it, created as `customer_upsert` creates one (validated, audited).

    Every message from a customer looks them up: one statement either way, prepared on its connection
    (helpdesk/prepared.py), which finds the row by the address's index or inserts it, with its audit
    record, when there is none. Inside the caller's transaction; a new customer that fails validation
    rolls back with it."""
    given = {"external_id": email_external_id(email), "email": email, "name": mask_addresses_in(name)}
    given["language"] = language
    if connection.vendor != "postgresql":
        known = Customer.objects.filter(email__iexact=email).order_by("-id").first()
        return known if known is not None else customer_upsert(**given)[0]
    sql, fixed = _found_or_made()
    now = timezone.now()
    context = current()
    params = {**fixed, **given, "created_at": now, "updated_at": now}
    # What `audit_record` takes from the audit context when the record is written.
    params["audit_ip"] = None if context.ip is None else _AUDIT_IP.get_db_prep_save(context.ip, connection)
    params["audit_reason"] = context.reason[:500]
    row = prepared_row(sql, params)
    if row is None:
        # An email-only customer of this id exists under another address now (the exchange changed it):
        # it takes the address again, as the exchange's push would.
        return customer_upsert(**given)[0]
    customer = rows.instance(Customer, row[:-1])
    if row[-1]:
        customer.full_clean(validate_unique=False)
    return customer


# What the look-up-or-create sets itself on a new row; every other column gets the model's default.
_GIVEN = ("email", "external_id", "name", "language", "created_at", "updated_at")
_AUDIT_IP: Any = AuditEvent._meta.get_field("ip")


@functools.cache
def _found_or_made() -> tuple[str, dict[str, Any]]:
    """The statement (the same text on every call, so it is prepared once per connection) and the
    other columns' defaults, ready to bind. It returns the customer's columns (`helpdesk.rows`) and
    whether it inserted the row; a row it inserts gets its audit record in the same statement, the one
    `customer_upsert` writes for a new customer (`_changes`)."""
    meta = Customer._meta
    qn = connection.ops.quote_name
    written: list[Any] = [f for f in meta.concrete_fields if not f.primary_key]
    blank = Customer()
    fixed = {
        f.attname: f.get_db_prep_save(getattr(blank, f.attname), connection)
        for f in written
        if f.attname not in _GIVEN
    }
    # Cast to each column's type: a value bound on the server has no other type to go by.
    values = ", ".join(f"%({f.attname})s::{f.db_type(connection)}" for f in written)
    email, key, pk = (qn(str(meta.get_field(name).column)) for name in ("email", "external_id", "id"))  # type: ignore[union-attr]
    audit = _created_audit(blank)
    # Names from the model, values bound: nothing here comes from a caller.
    sql = (
        f"WITH found AS (SELECT {rows.columns(Customer, 'c')} FROM {qn(meta.db_table)} c"  # noqa: S608
        f" WHERE UPPER(c.{email}::text) = UPPER(%(email)s) ORDER BY c.{pk} DESC LIMIT 1),"
        f" made AS (INSERT INTO {qn(meta.db_table)} AS c ({', '.join(qn(f.column) for f in written)})"
        f" SELECT {values} WHERE NOT EXISTS (SELECT 1 FROM found)"
        f" ON CONFLICT ({key}) DO NOTHING RETURNING {rows.columns(Customer, 'c')}),"
        f" audit AS ({audit.sql})"
        f" SELECT *, false FROM found UNION ALL SELECT *, true FROM made"
    )
    return sql, {**fixed, **audit.params}


def _created_audit(blank: Customer) -> CteInsert:
    """The new row's audit record as a part reading the row from `made`: the record `_changes` gives
    for the customer as the row holds it. What differs between new customers (the key, the name, the
    language, the time) comes from the row; the other fields' values are the columns' defaults."""
    meta = Customer._meta
    qn = connection.ops.quote_name
    columns: dict[str, Any] = {name: meta.get_field(name) for name in ("id", "name", "external_id")}
    columns |= {name: meta.get_field(name) for name in ("language", "created_at")}
    made = {name: f"made.{qn(str(field.column))}" for name, field in columns.items()}
    # The defaults as the row gives them back: a decimal with its column's places (0 is read as 0.00).
    stored = Customer(**{f.attname: getattr(blank, f.attname) for f in meta.concrete_fields})
    for field in meta.concrete_fields:
        if isinstance(field, models.DecimalField):
            value = Decimal(getattr(stored, field.attname)).quantize(Decimal(1).scaleb(-field.decimal_places))
            setattr(stored, field.attname, value)
    template = _changes(stored, None, None)
    assert template is not None
    event = audit_event(**template)
    after = AuditEvent._meta.get_field("after")
    part = cte_insert(
        event,
        "audit",
        written=lambda _key: None,
        refs={
            "created_at": made["created_at"],
            "object_id": f"{made['id']}::text",
            # str(customer)[:200]: its name, else its exchange id.
            "object_repr": f"LEFT(COALESCE(NULLIF({made['name']}, ''), {made['external_id']}), 200)",
            "after": (
                f"CAST(%(audit_after)s AS jsonb) || jsonb_build_object('name', {made['name']},"
                f" 'language', {made['language']})"
            ),
        },
        sources=("made",),
        params={"audit_after": after.get_db_prep_save(event.after, connection)},
    )
    return part


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
