"""Whether a message is about an incident: pure functions, no database."""

import pytest

from incidents.matching import Candidate, Facts, facts_from_text, features_from_statuses, fold, match

TRON = Candidate(
    id=1, networks=("tron",), assets=("USDT",), features=("withdrawals",), keywords=("usdt delay",)
)
LOGIN = Candidate(id=2, features=("login",), keywords=("cannot sign in",))
ANY_BTC = Candidate(id=3, assets=("BTC",), features=("deposits",))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("My TRC20 USDT withdrawal is stuck", "en"),
        ("Retiro de USDT por la red Tron pendiente", "es"),
        ("Saque de USDT na rede TRON atrasado", "pt-br"),
        ("вывод USDT TRC-20 не пришел", "ru"),
        ("TRC20 USDT ÇEKİM işlemim beklemede", "tr"),
        ("Rút USDT mạng TRC20 chưa về", "vi"),
        ("Meine USDT Auszahlung über TRC20 hängt", "de"),
        ("TRC20のUSDT出金がまだ届きません", "ja"),
        ("TRC20 USDT 출금이 안 돼요", "ko"),
        ("سحب USDT على شبكة TRC20 معلق", "ar"),
    ],
)
def test_the_incidents_network_asset_and_feature_match_in_many_languages(text, language):
    assert (
        match(TRON, facts_from_text(text, language=language))
        == "triage: network tron, asset USDT, feature withdrawals"
    )


@pytest.mark.parametrize(
    "text",
    [
        "My ERC20 USDT withdrawal is stuck",  # another network
        "My USDT withdrawal is stuck",  # no network named: could be any
        "TRX withdrawal on tron is slow",  # another asset on the network
        "My TRC20 USDT deposit has not been credited",  # another feature
        "Tron is my favourite chain",
    ],
)
def test_other_messages_do_not_match_by_facts(text):
    assert match(TRON, facts_from_text(text)) is None


def test_keywords_match_whole_words_case_insensitively():
    assert match(TRON, facts_from_text("USDT DELAY again!")) == "keyword “usdt delay”"
    assert match(TRON, facts_from_text("usdt delayed")) is None
    assert match(LOGIN, facts_from_text("I CANNOT SIGN IN since the update")) == "keyword “cannot sign in”"


def test_turkish_dotted_and_dotless_i_fold_together():
    assert fold("ÇEKİM", "tr") == fold("çekim") == "çekim"
    assert fold("ILIK", "tr") == fold("\u0131l\u0131k") == "ilik"


def test_an_incident_without_networks_matches_on_its_assets():
    assert (
        match(ANY_BTC, facts_from_text("BTC deposit not credited")) == "triage: asset BTC, feature deposits"
    )
    assert match(ANY_BTC, facts_from_text("ETH deposit not credited")) is None


def test_ambiguous_symbols_count_only_in_capitals():
    assert "SOL" not in facts_from_text("hace sol hoy, retiro pendiente").assets
    assert "SOL" in facts_from_text("my SOL withdrawal").assets
    assert "USDT" in facts_from_text("my usdt withdrawal").assets


def test_transfer_statuses_become_features():
    assert features_from_statuses(["withdrawal:queued"]) == {"withdrawals"}
    assert features_from_statuses(["pending"]) == {"withdrawals", "deposits"}
    assert features_from_statuses(["withdrawal:completed", "failed"]) == frozenset()
    facts = Facts(
        networks=frozenset({"tron"}),
        assets=frozenset({"USDT"}),
        features=features_from_statuses(["withdrawal:broadcast"]),
    )
    assert match(TRON, facts) == "triage: network tron, asset USDT, feature withdrawals"
