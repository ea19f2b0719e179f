"""Custom fields: what admins define (FieldDefinition) and each ticket's values (FieldValue).

Values live in a typed table, one row per ticket and field, each type in a column of its own SQL type
(docs/custom-fields.md says why not JSONB): a filter is an index range scan on (field, value) that
yields ticket ids, and an amount keeps all its 18 decimals exactly.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tickets.models import Category

# An amount: up to 22 digits before the point and 18 after it (a wei of ETH), compared exactly.
AMOUNT_DIGITS = 40
AMOUNT_PLACES = 18
MAX_TEXT = 255
MAX_OPTIONS = 50


class FieldType(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Whole number")
    DECIMAL = "decimal", _("Amount (decimal)")
    SELECT = "select", _("Choice from a list")
    CHECKBOX = "checkbox", _("Checkbox")
    DATE = "date", _("Date")
    TXID = "txid", _("Transaction hash")
    ADDRESS = "address", _("Wallet address")


# Which FieldValue column holds each type; the filters read the same map.
COLUMN = {
    FieldType.TEXT: "text",
    FieldType.SELECT: "text",
    FieldType.TXID: "text",
    FieldType.ADDRESS: "text",
    FieldType.NUMBER: "number",
    FieldType.DECIMAL: "decimal",
    FieldType.CHECKBOX: "flag",
    FieldType.DATE: "day",
}
RANGED = frozenset({FieldType.NUMBER, FieldType.DECIMAL, FieldType.DATE})


class FieldDefinition(models.Model):
    key = models.SlugField(_("key"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=80)
    type = models.CharField(_("type"), max_length=16, choices=FieldType.choices)
    # A select's choices, in order: ["ERC20", "TRC20", ...].
    options = models.JSONField(_("options"), default=list, blank=True)
    help_text = models.CharField(_("help text"), max_length=200, blank=True)
    required_on_solve = models.BooleanField(_("required before solving"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Scope: the field shows on tickets of this team and/or category only; empty means every ticket.
    team = models.ForeignKey(
        "routing.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    category = models.CharField(_("category"), max_length=32, choices=Category.choices, blank=True)
    # Partner agents work in a clean room: they see and set only the fields marked for them.
    partner_visible = models.BooleanField(_("visible to partner agents"), default=False)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        ordering = ["order", "label", "id"]
        verbose_name = _("custom field")
        verbose_name_plural = _("custom fields")

    def __str__(self) -> str:
        return self.label

    @property
    def column(self) -> str:
        return COLUMN[FieldType(self.type)]

    def applies_to(self, *, team_id: int | None, category: str) -> bool:
        return (self.team_id is None or self.team_id == team_id) and (
            not self.category or self.category == category
        )


class FieldValue(models.Model):
    """One ticket's value of one field; exactly the column of the field's type is set. No row: empty."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="field_values", verbose_name=_("ticket")
    )
    field = models.ForeignKey(
        FieldDefinition, on_delete=models.PROTECT, related_name="values", verbose_name=_("field")
    )
    # NULL, not "": the row holds another type's value (the partial index leaves it out).
    text = models.CharField(max_length=MAX_TEXT, null=True, blank=True)  # noqa: DJ001
    number = models.BigIntegerField(null=True, blank=True)
    decimal = models.DecimalField(
        max_digits=AMOUNT_DIGITS, decimal_places=AMOUNT_PLACES, null=True, blank=True
    )
    flag = models.BooleanField(null=True, blank=True)
    day = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ticket", "field"], name="customfield_one_value"),
        ]
        # A filter "field = value" or a range is an index scan that ends in ticket ids (index-only when
        # the table is vacuumed); the partial indexes leave the other types' NULLs out.
        indexes = [
            models.Index(
                fields=["field", "text", "ticket"],
                name="customfield_text_idx",
                condition=models.Q(text__isnull=False),
            ),
            models.Index(
                fields=["field", "number", "ticket"],
                name="customfield_number_idx",
                condition=models.Q(number__isnull=False),
            ),
            models.Index(
                fields=["field", "decimal", "ticket"],
                name="customfield_decimal_idx",
                condition=models.Q(decimal__isnull=False),
            ),
            models.Index(
                fields=["field", "flag", "ticket"],
                name="customfield_flag_idx",
                condition=models.Q(flag__isnull=False),
            ),
            models.Index(
                fields=["field", "day", "ticket"],
                name="customfield_day_idx",
                condition=models.Q(day__isnull=False),
            ),
        ]
        verbose_name = _("custom field value")
        verbose_name_plural = _("custom field values")

    def __str__(self) -> str:
        return f"{self.field_id}={self.value!r}"

    @property
    def value(self) -> object:
        return getattr(self, COLUMN[FieldType(self.field.type)])
