from macros.models import MacroVariant
from macros.placeholders import gap, placeholder_values, render
from macros.rendering import variant_for
from tests.factories import make_agent
from tests.macros.conftest import shared
from triage.models import Mention, MentionKind

ADDRESS = "0x52908400098527886E0F7030069857D2E4169EE7"
TXID = "0x293a2163f42572f79c0aa5300f3e0ac88f79e4eda84cd57de4ef760dcdba0f42"


def mention(ticket, kind, value, **fields):
    entry = ticket.entries.first()
    return Mention.objects.create(
        entry=entry, ticket=ticket, kind=kind, value=value, start=len(value), **fields
    )


def test_whitelisted_placeholders_are_filled_from_the_case(ticket, agent):
    ticket.customer.name = "Vera Lindqvist"
    text, missing = render(
        "Hi {{customer.first_name}}, {{ ticket.reference }} is with {{agent.first_name}}.",
        placeholder_values(ticket, agent),
    )
    assert text == f"Hi Vera, {ticket.reference} is with Alice."
    assert missing == []


def test_triage_facts_fill_their_placeholders(ticket, agent):
    mention(ticket, MentionKind.TX_HASH, TXID, network="ethereum", asset="USDT")
    text, missing = render(
        "{{triage.txid}} on {{triage.network}} ({{triage.asset}})", placeholder_values(ticket, agent)
    )
    assert text == f"{TXID} on ethereum (USDT)"
    assert missing == []


def test_a_placeholder_without_a_value_is_left_as_a_visible_gap(ticket, agent):
    text, missing = render(
        "Your transaction {{triage.txid}} is on its way.", placeholder_values(ticket, agent)
    )
    assert text == f"Your transaction {gap('triage.txid')} is on its way."
    assert gap("triage.txid") == "[[triage.txid?]]"
    assert missing == ["triage.txid"]


def test_text_that_is_not_a_placeholder_is_left_alone(ticket, agent):
    text, _missing = render("{% debug %} {{ settings.SECRET_KEY|upper }}", placeholder_values(ticket, agent))
    assert "SECRET" in text and "{% debug %}" in text  # never evaluated: no value substituted


def test_a_partner_agent_gets_addresses_and_memos_shortened(ticket, partner, agent):
    mention(ticket, MentionKind.ADDRESS, ADDRESS, network="ethereum")
    assert placeholder_values(ticket, agent)["triage.address"] == ADDRESS
    assert placeholder_values(ticket, partner)["triage.address"] == "0x5290…9EE7"


def test_the_customer_email_is_masked_unless_the_agent_may_see_it(ticket, agent, partner, supervisor):
    email = ticket.customer.email
    assert placeholder_values(ticket, supervisor)["customer.email"] == email
    for user in (agent, partner):
        shown = placeholder_values(ticket, user)["customer.email"]
        assert shown == email[:1] + "•••@" + email.split("@")[1]


def test_the_variant_in_the_tickets_language_is_chosen_else_its_base_else_the_default(supervisor):
    macro = shared(supervisor, more={"pt-br": "Olá", "de": "Hallo"})
    variants = list(macro.variants.all())
    assert variant_for(variants, "de").body == "Hallo"
    assert variant_for(variants, "pt-BR").body == "Olá"
    assert variant_for(variants, "de-at").body == "Hallo"
    assert variant_for(variants, "ja").body == "Hello {{customer.first_name}}"
    assert variant_for([MacroVariant(language="", body="x")], "").body == "x"


def test_an_agent_without_a_first_name_signs_with_the_username(ticket):
    nameless = make_agent(username="nobody", first_name="")
    assert placeholder_values(ticket, nameless)["agent.first_name"] == "nobody"
