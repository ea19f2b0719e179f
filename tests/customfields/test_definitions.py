"""Admins define, change and deactivate fields in the workspace: checked, audited, admins only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from customfields.models import FieldDefinition
from customfields.services import field_deactivate, field_define, field_update, ticket_fields_set
from tests.customfields.conftest import define


def test_an_admin_defines_a_field_and_the_log_says_so(admin):
    field = define(admin, "txid", "txid", label="TxID", required_on_solve=True)
    event = AuditEvent.objects.get(action="customfield.defined")
    assert event.actor_id == admin.pk
    assert event.after is not None
    assert event.after["key"] == "txid" and event.after["required_on_solve"] is True
    assert field.is_active and field.options == []


@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_only_admins_define_fields(role, db):
    from tests.factories import make_agent

    with pytest.raises(PermissionDenied):
        field_define(actor=make_agent(username=role, role=role), key="asset", label="Asset", type="text")


def test_every_wrong_attribute_is_named_in_one_refusal(admin):
    define(admin, "asset", "text")
    with pytest.raises(ValidationError) as error:
        field_define(actor=admin, key="asset", label="", type="select", options=[])
    problems = error.value.message_dict
    assert "Another field has the key asset." in problems["key"]
    assert problems["label"] == ["The label must have 1 to 80 characters."]
    assert "at least one option" in problems["options"][0]
    with pytest.raises(ValidationError) as error:
        field_define(actor=admin, key="Bad Key", label="X", type="colour", options=["a"])
    assert set(error.value.message_dict) == {"key", "type"}


def test_only_a_choice_field_has_options(admin):
    with pytest.raises(ValidationError) as error:
        define(admin, "note", "text", options=["a"])
    assert error.value.message_dict == {"options": ["Only a choice field has options."]}


def test_the_key_and_type_stay_and_changes_are_audited_as_a_diff(admin):
    field = define(admin, "network", "select", options=["ERC20", "TRC20"])
    with pytest.raises(ValidationError) as error:
        field_update(field=field, actor=admin, type="text")
    assert "cannot change" in error.value.message_dict["type"][0]
    field_update(field=field, actor=admin, label="Network used", options=["ERC20", "TRC20", "BEP20"])
    event = AuditEvent.objects.filter(action="customfield.updated").get()
    assert event.before == {"label": "Network", "options": ["ERC20", "TRC20"]}
    assert event.after == {"label": "Network used", "options": ["ERC20", "TRC20", "BEP20"]}
    field_update(field=field, actor=admin, label="Network used")
    assert AuditEvent.objects.filter(action="customfield.updated").count() == 1  # nothing changed


def test_an_option_in_use_cannot_be_removed(admin, ticket):
    field = define(admin, "network", "select", options=["ERC20", "TRC20"])
    ticket_fields_set(ticket=ticket, actor=admin, values={"network": "TRC20"})
    with pytest.raises(ValidationError) as error:
        field_update(field=field, actor=admin, options=["ERC20"])
    assert "TRC20" in error.value.message_dict["options"][0]


def test_deactivating_keeps_the_values_and_hides_the_field(admin, ticket):
    field = define(admin, "asset", "text")
    ticket_fields_set(ticket=ticket, actor=admin, values={"asset": "USDT"})
    field_deactivate(field=field, actor=admin)
    field_deactivate(field=field, actor=admin)
    assert AuditEvent.objects.filter(action="customfield.deactivated").count() == 1
    assert field.values.count() == 1
    with pytest.raises(ValidationError):
        ticket_fields_set(ticket=ticket, actor=admin, values={"asset": "BTC"})


def test_the_admin_pages_list_create_and_edit_with_messages(admin_client):
    page = admin_client.get(reverse("customfields:field-list"))
    assert page.status_code == 200 and b"No custom fields yet" in page.content
    bad = admin_client.post(
        reverse("customfields:field-create"), {"key": "Tx ID", "label": "TxID", "type": "txid", "order": 0}
    )
    assert bad.status_code == 400
    assert "lower-case letters" in bad.content.decode()
    made = admin_client.post(
        reverse("customfields:field-create"),
        {"key": "txid", "label": "TxID", "type": "txid", "order": 1, "required_on_solve": "on"},
    )
    assert made.status_code == 302
    field = FieldDefinition.objects.get(key="txid")
    assert field.required_on_solve and not field.partner_visible
    edit = reverse("customfields:field-edit", args=[field.pk])
    assert b'name="key"' in admin_client.get(edit).content
    changed = admin_client.post(
        edit, {"key": "ignored", "type": "text", "label": "Transaction", "order": 2, "is_active": "on"}
    )
    assert changed.status_code == 302
    field.refresh_from_db()
    assert (field.key, field.type, field.label, field.required_on_solve) == (
        "txid",
        "txid",
        "Transaction",
        False,
    )
    listed = admin_client.get(reverse("customfields:field-list")).content.decode()
    assert "Transaction" in listed and 'data-field="txid"' in listed


def test_agents_do_not_reach_the_admin_pages(agent_client):
    assert agent_client.get(reverse("customfields:field-list")).status_code == 403
