# ruff: noqa: RUF001 (Chinese punctuation in a Chinese message)
"""A label ("API key", "order id") says what the value right after it is; an address a clause later is
still a mention, and a label's letters inside another word ("em seguida") are no label."""

from triage.mentions import extract

ADDRESS = "0x278B31087a338405792278bD10aDcAdBA6220361"


def _values(text: str) -> list[str]:
    return [f.value for f in extract(text) if f.kind in ("tx_hash", "address")]


def test_a_value_right_after_a_label_is_not_a_mention() -> None:
    assert _values(f"my API key: {ADDRESS[2:]}ab12cd34ef56ab12cd34ef56") == []


def test_an_address_a_clause_after_the_label_is_a_mention() -> None:
    text = f"My API key was stolen, and a withdrawal went to {ADDRESS} that I did not make"
    assert _values(text) == [ADDRESS]
    assert _values(f"API密钥被盗用了，有人正在用它下单！！还有一笔提现到 {ADDRESS} 不是我操作的") == [ADDRESS]


def test_label_letters_inside_another_word_are_no_label() -> None:
    text = "Recebi um e-mail e em seguida um saque de 0,6 BTC para bc1q86gm8kpsq2s6xkd07z6x5knh0up3gmdf7er3nh"
    assert _values(text) == ["bc1q86gm8kpsq2s6xkd07z6x5knh0up3gmdf7er3nh"]
