"""Each type reads what people and clients send, stores it exactly, and says what is wrong otherwise."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from customfields.models import FieldDefinition
from customfields.values import clean_value, format_amount, value_json
from tests.customfields.conftest import ETH_ADDRESS, TRON_HASH, TXID


def field(type: str, **kw) -> FieldDefinition:
    return FieldDefinition(key="f", label="F", type=type, **kw)


def refused(type: str, raw, **kw) -> str:
    with pytest.raises(ValidationError) as error:
        clean_value(field(type, **kw), raw)
    return " ".join(error.value.messages)


def test_empty_is_no_value_for_every_type():
    for type in ("text", "number", "decimal", "select", "checkbox", "date", "txid", "address"):
        assert clean_value(field(type, options=["a"]), "") is None
        assert clean_value(field(type, options=["a"]), None) is None


def test_text_is_trimmed_and_limited():
    assert clean_value(field("text"), "  hello \x00") == "hello"
    assert "255" in refused("text", "x" * 256)
    assert "Enter text" in refused("text", {"a": 1})
    assert "Enter text" in refused("text", [1, 2])


def test_a_number_is_a_whole_number_in_range():
    assert clean_value(field("number"), "42") == 42
    assert clean_value(field("number"), 42) == 42
    assert clean_value(field("number"), "-7") == -7
    assert "whole number" in refused("number", "4.2")
    assert "whole number" in refused("number", "1e3")
    assert "whole number" in refused("number", str(2**63))
    assert "whole number" in refused("number", "٣")  # another script's digit


def test_an_amount_keeps_all_18_decimals_exactly():
    value = clean_value(field("decimal"), "1234.123456789012345678")
    assert value == Decimal("1234.123456789012345678")
    assert format_amount(Decimal("1.500000000000000000")) == "1.5"
    assert value_json(field("decimal"), Decimal("10.000")) == "10"
    assert "18 digits after" in refused("decimal", "0.1234567890123456789")
    assert "22 digits before" in refused("decimal", "1" * 23)
    assert "no separators" in refused("decimal", "1,000.5")
    assert "no separators" in refused("decimal", "1e5")
    assert "no separators" in refused("decimal", "NaN")


def test_a_choice_must_be_one_of_the_options():
    assert clean_value(field("select", options=["ERC20", "TRC20"]), "TRC20") == "TRC20"
    assert "ERC20, TRC20" in refused("select", "BEP20", options=["ERC20", "TRC20"])


def test_a_checkbox_reads_true_or_false():
    assert clean_value(field("checkbox"), True) is True
    assert clean_value(field("checkbox"), "on") is True
    assert clean_value(field("checkbox"), "false") is False
    assert "true or false" in refused("checkbox", "maybe")


def test_a_date_is_iso():
    assert clean_value(field("date"), "2026-12-07") == dt.date(2026, 12, 7)
    assert value_json(field("date"), dt.date(2026, 12, 7)) == "2026-12-07"
    assert "YYYY-MM-DD" in refused("date", "07/12/2026")
    assert "YYYY-MM-DD" in refused("date", "2026-02-30")
    assert "YYYY-MM-DD" in refused("date", "0000-01-01")


def test_a_transaction_hash_is_checked_and_normalised_as_triage_reads_one():
    assert clean_value(field("txid"), TXID.upper().replace("0X", "0x")) == TXID
    assert clean_value(field("txid"), f"  {TRON_HASH} ") == TRON_HASH
    assert "transaction hash" in refused("txid", "0x1234")
    assert "transaction hash" in refused("txid", f"{TXID} {TRON_HASH}")
    assert "transaction hash" in refused("txid", ETH_ADDRESS)


def test_an_address_needs_its_checksum():
    assert clean_value(field("address"), ETH_ADDRESS.lower()) == ETH_ADDRESS
    assert clean_value(field("address"), "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq") == (
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
    )
    # One character off: the EIP-55 checksum no longer matches.
    bad = ETH_ADDRESS[:-1] + "e"
    assert "not a valid mainnet value" in refused("address", bad)
    assert "testnet" in refused("address", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx")
    assert "wallet address" in refused("address", TXID)
