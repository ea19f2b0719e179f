import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from macros.models import Macro, Scope
from macros.services import macro_create, macro_deactivate, macro_update
from tests.macros.conftest import personal, shared


def test_a_macro_without_a_default_text_is_refused(agent):
    with pytest.raises(ValidationError) as error:
        macro_create(actor=agent, title="x", scope="personal", variants={"es": "Hola"})
    assert "body_default" in error.value.message_dict
    assert not Macro.objects.filter(title="x").exists()


def test_an_unknown_placeholder_is_refused_with_its_name(agent):
    with pytest.raises(ValidationError) as error:
        macro_create(
            actor=agent,
            title="x",
            scope="personal",
            variants={"": "Hi {{customer.password}} {{ticket.reference}}"},
        )
    assert "{{customer.password}}" in error.value.message_dict["body_default"][0]
    assert "ticket.reference" not in error.value.message_dict["body_default"][0]


def test_template_syntax_reaching_for_internals_is_refused(agent):
    with pytest.raises(ValidationError):
        macro_create(
            actor=agent, title="x", scope="personal", variants={"": "{{ ticket.customer.__class__ }}"}
        )


def test_a_variant_in_an_unknown_language_is_refused(agent):
    with pytest.raises(ValidationError) as error:
        macro_create(actor=agent, title="x", scope="personal", variants={"": "Hi", "xx": "?"})
    assert "body_xx" in error.value.message_dict


def test_actions_are_validated_key_by_key(agent):
    with pytest.raises(ValidationError) as error:
        macro_create(
            actor=agent,
            title="x",
            scope="personal",
            variants={"": "Hi"},
            actions={"status": "closed", "priority": 9, "assign": "bob", "team": 999999, "delete": True},
        )
    assert set(error.value.message_dict) >= {"status", "priority", "assign", "team", "actions"}


def test_tags_are_stored_as_slugs_once_each(agent):
    macro = personal(agent, actions={"tags": "KYC docs, kyc-docs, vip"})
    assert macro.actions == {"tags": ["kyc-docs", "vip"]}


def test_only_supervisors_and_admins_create_shared_macros(agent, supervisor):
    with pytest.raises(PermissionDenied):
        shared(agent)
    macro = shared(supervisor)
    assert macro.scope == Scope.SHARED and macro.owner is None


def test_a_personal_macro_belongs_to_its_author(agent):
    assert personal(agent).owner == agent


def test_create_update_and_deactivate_are_each_audited(supervisor):
    macro = shared(supervisor)
    macro_update(macro=macro, actor=supervisor, title="Hello", variants={"": "Hello", "de": "Hallo"})
    macro_deactivate(macro=macro, actor=supervisor)
    macro_deactivate(macro=macro, actor=supervisor)  # already inactive: nothing to record
    events = AuditEvent.objects.filter(object_type="macros.macro", object_id=str(macro.pk)).order_by("id")
    actions = list(events.values_list("action", flat=True))
    assert actions == ["macro.created", "macro.updated", "macro.deactivated"]
    macro.refresh_from_db()
    assert not macro.is_active
    assert dict(macro.variants.values_list("language", "body")) == {"": "Hello", "de": "Hallo"}


def test_an_update_drops_a_language_left_empty(supervisor):
    macro = shared(supervisor, more={"fr": "Bonjour"})
    macro_update(macro=macro, actor=supervisor, title="Greeting", variants={"": "Hello", "fr": ""})
    assert list(macro.variants.values_list("language", flat=True)) == [""]
