"""Each chain's address and hash format: the official checksum vectors and near misses."""

import pytest

from triage.mentions import extract
from triage.mentions.codecs import BECH32, BECH32M, bech32_decode, segwit_decode, ton_friendly_decode


def mentions(text, **kw):
    return [(f.kind, f.value, f.network) for f in extract(text, **kw) if f.kind != "suspect"]


def suspects(text):
    return [(f.value, f.reason) for f in extract(text) if f.kind == "suspect"]


# --- EIP-55 (the vectors of the EIP) ---

EIP55_VALID = [
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
    "0xde709f2102306220921060314715629080e2fb77",
    "0x27b1fdb04752bbc536007a920d24acb045561c26",
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
]


@pytest.mark.parametrize("address", EIP55_VALID)
def test_eip55_vectors_are_addresses_normalised_to_their_checksum(address):
    [found] = extract(f"send to {address} please")
    assert found.kind == "address"
    assert found.value == address  # the vectors are checksummed forms (some happen to be all one case)
    assert found.chains == ("evm",)
    mixed = address[2:] != address[2:].lower() and address[2:] != address[2:].upper()
    assert found.checksum == ("valid" if mixed else "none")


@pytest.mark.parametrize("address", EIP55_VALID[4:])
def test_an_eip55_address_with_one_letter_case_flipped_is_a_suspect_not_an_address(address):
    i = next(i for i, c in enumerate(address) if i > 1 and c.isalpha())
    broken = address[:i] + address[i].swapcase() + address[i + 1 :]
    assert mentions(f"to {broken}") == []
    assert suspects(f"to {broken}") == [(broken, "EIP-55 checksum mismatch")]


def test_an_unchecksummed_evm_address_is_accepted_and_normalised_to_eip55():
    assert mentions("to 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed") == [
        ("address", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "")
    ]
    assert mentions("TO 0X5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED") == [
        ("address", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "")
    ]


def test_an_evm_hash_is_lowercased_and_a_short_one_is_a_suspect():
    h = "0x" + "AB12" * 16
    assert mentions(f"tx {h}") == [("tx_hash", h.lower(), "")]
    assert mentions(f"tx {h[:-1]}") == []


# --- bech32 / bech32m (BIP-173 and BIP-350 vectors) ---

BECH32_VALID = [
    "A12UEL5L",
    "a12uel5l",
    "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
    "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
    "11" + "q" * 82 + "c8247j",
    "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
    "?1ezyfcl",
]
BECH32M_VALID = [
    "A1LQFN3A",
    "a1lqfn3a",
    "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
    "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
    "11" + "l" * 83 + "udsr8",
    "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
    "?1v759aa",
]


@pytest.mark.parametrize("text", BECH32_VALID)
def test_bip173_checksum_vectors_decode_as_bech32(text):
    decoded = bech32_decode(text)
    assert decoded is not None and decoded[2] == BECH32


@pytest.mark.parametrize("text", BECH32M_VALID)
def test_bip350_checksum_vectors_decode_as_bech32m(text):
    decoded = bech32_decode(text)
    assert decoded is not None and decoded[2] == BECH32M


SEGWIT_MAINNET_VALID = {
    "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4": "0014751e76e8199196d454941c45d1b3a323f1433bd6",
    "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y": (
        "5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6"
    ),
    "BC1SW50QGDZ25J": "6002751e",
    "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs": "5210751e76e8199196d454941c45d1b3a323",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0": (
        "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
    ),
}
SEGWIT_TESTNET_VALID = [
    "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
    "tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy",
    "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
]
SEGWIT_INVALID = [
    # BIP-173
    "tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty",
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
    "BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2",
    "bc1rw5uspcuh",
    "bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90",
    "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
    "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7",
    "bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du",
    "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv",
    "bc1gmk9yu",
    # BIP-350
    "tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
    "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",
    "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
    "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",
    "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",
    "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R",
    "bc1pw5dgrnzv",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
    "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf",
    "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j",
]


@pytest.mark.parametrize(("address", "script"), SEGWIT_MAINNET_VALID.items())
def test_bip350_mainnet_addresses_decode_to_their_script(address, script):
    decoded = segwit_decode("bc", address)
    assert decoded is not None
    version, program = decoded
    op = version + 0x50 if version else 0
    assert bytes([op, len(program)]).hex() + program.hex() == script


@pytest.mark.parametrize("address", [a for a in SEGWIT_MAINNET_VALID if len(a) >= 25])
def test_a_mainnet_segwit_address_in_a_message_is_a_bitcoin_address(address):
    assert mentions(f"my wallet: {address}.") == [("address", address.lower(), "bitcoin")]


@pytest.mark.parametrize("address", SEGWIT_INVALID + SEGWIT_TESTNET_VALID)
def test_bip173_and_bip350_invalid_and_testnet_addresses_are_never_mainnet_addresses(address):
    assert segwit_decode("bc", address) is None
    assert mentions(f"send to {address} now") == []


def test_a_testnet_segwit_address_is_a_suspect_saying_testnet():
    assert suspects(f"to {SEGWIT_TESTNET_VALID[0]}") == [(SEGWIT_TESTNET_VALID[0], "Bitcoin testnet address")]


# --- Bitcoin base58check ---


@pytest.mark.parametrize(
    "address", ["1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"]
)
def test_legacy_and_p2sh_addresses_with_valid_checksums_are_bitcoin(address):
    assert mentions(f"sent to {address}") == [("address", address, "bitcoin")]


@pytest.mark.parametrize(
    "address", ["1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz"]
)
def test_a_legacy_address_with_one_character_changed_is_a_suspect(address):
    assert mentions(f"sent to {address}") == []
    assert suspects(f"sent to {address}")[0][1] == "base58check checksum mismatch (Bitcoin)"


def test_a_testnet_legacy_address_is_not_mainnet():
    assert mentions("to mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn") == []
    assert suspects("to mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn")[0][1] == "Bitcoin testnet address"


# --- Tron ---


def test_a_tron_address_is_base58check_with_the_0x41_prefix():
    assert mentions("USDT contract TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t") == [
        ("address", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "tron")
    ]
    assert mentions("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u") == []
    assert suspects("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u")[0][1] == "base58check checksum mismatch (Tron)"


# --- Solana ---


def test_solana_public_keys_decode_to_exactly_32_bytes_and_signatures_to_64():
    sig = "5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW"
    found = mentions(f"SOL to So11111111111111111111111111111111111111112 sig {sig}")
    assert ("address", "So11111111111111111111111111111111111111112", "solana") in found
    assert ("tx_hash", sig, "solana") in found
    assert mentions("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA") == [
        ("address", "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", "solana")
    ]


def test_base58_strings_of_other_decoded_lengths_are_not_solana():
    assert mentions("code abcdefghijkmnopqrstuvwxyzABCDEFGH") == []  # 34 letters: no digits, one word
    assert mentions("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5") == []  # 31 bytes


# --- XRP ---


def test_xrp_classic_addresses_use_the_ripple_alphabet_and_a_checksum():
    assert mentions("to rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh") == [
        ("address", "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh", "xrp")
    ]
    assert mentions("to rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTj") == []
    assert suspects("to rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTj")[0][1] == "XRP address checksum mismatch"


@pytest.mark.parametrize(
    "address",
    ["XVLhHMPHU98es4dbozjVtdWzVrDjtV18pX8yuPT7y4xaEHi", "X7AcgcsBL6XDcUb289X4mJ8djcdyKaGZMhc9YTE92ehJ2Fu"],
)
def test_xrp_x_addresses_from_xls5d_are_xrp_addresses(address):
    assert mentions(f"X-address {address}") == [("address", address, "xrp")]


# --- TON ---


def test_ton_user_friendly_and_raw_forms_of_one_account_agree():
    friendly = "EQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqB2N"
    decoded = ton_friendly_decode(friendly)
    assert decoded is not None
    flags, workchain, account = decoded
    raw = f"0:{account.hex()}"
    assert (flags, workchain) == (0x11, 0)
    assert mentions(f"to {friendly} or {raw}") == [("address", friendly, "ton"), ("address", raw, "ton")]


def test_a_ton_address_with_one_character_changed_fails_its_crc16():
    assert mentions("to EQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqB2M") == []


# --- bare 64-hex hashes ---


def test_a_bare_64_hex_hash_has_every_hex_chain_until_the_message_narrows_it():
    h = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"
    [found] = extract(f"hash {h}")
    assert found.chains == ("bitcoin", "evm", "tron", "xrp", "ton") and found.network == ""
    assert mentions(f"USDT TRC20 hash {h}") == [("network", "tron", "tron"), ("tx_hash", h, "tron")]
    assert mentions(f"BEP20 hash {h}") == [("network", "bsc", "bsc"), ("tx_hash", "0x" + h, "bsc")]
    assert mentions(f"my BTC withdrawal {h.upper()}") == [("tx_hash", h, "bitcoin")]


@pytest.mark.parametrize(
    ("url", "network"),
    [
        ("https://etherscan.io/tx/{0x}", "ethereum"),
        ("https://bscscan.com/tx/{0x}", "bsc"),
        ("https://polygonscan.com/tx/{0x}", "polygon"),
        ("https://arbiscan.io/tx/{0x}", "arbitrum"),
        ("https://optimistic.etherscan.io/tx/{0x}", "optimism"),
        ("https://basescan.org/tx/{0x}", "base"),
        ("https://snowtrace.io/tx/{0x}", "avalanche"),
        ("https://mempool.space/tx/{hex}", "bitcoin"),
        ("blockstream.info/tx/{hex}", "bitcoin"),
        ("https://blockchair.com/bitcoin/transaction/{hex}", "bitcoin"),
        ("https://tronscan.org/#/transaction/{hex}", "tron"),
        ("https://xrpscan.com/tx/{HEX}", "xrp"),
        ("https://tonviewer.com/transaction/{hex}", "ton"),
    ],
)
def test_a_hash_in_an_explorer_link_is_a_mention_on_that_explorers_network(url, network):
    h = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"
    text = url.format(**{"0x": "0x" + h, "hex": h, "HEX": h.upper()})
    expected = (
        ("0x" + h)
        if network in {"ethereum", "bsc", "polygon", "arbitrum", "optimism", "base", "avalanche"}
        else h
    )
    assert mentions(f"see ({text}).") == [("tx_hash", expected, network)]


def test_attachment_names_are_scanned_and_their_source_is_named():
    h = "0x" + "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"
    [found] = extract("see the screenshot", attachment_names=[f"tx_{h}.png"])
    assert (found.kind, found.value, found.source) == ("tx_hash", h, f"attachment:tx_{h}.png")
    assert found.start == 3 and found.end == 3 + len(h)


def test_a_mention_in_the_body_and_an_attachment_name_is_returned_once():
    h = "0x" + "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"
    found = extract(f"hash {h}", attachment_names=[f"{h}.jpg"])
    assert [(f.kind, f.source) for f in found] == [("tx_hash", "body")]
