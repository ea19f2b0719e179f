"""Real-format chain values for the labelled mention set: valid addresses and hashes with correct
checksums, and the near misses customers produce (one character changed, case flipped, testnet).

Deterministic: `Values(seed)` yields the same sequence every run, so the set in the repository can be
rebuilt byte for byte (`python -m triage.data.make_set`)."""

from __future__ import annotations

import random

from triage.mentions.codecs import (
    BTC_ALPHABET,
    XRP_ALPHABET,
    b58check_encode,
    b58encode,
    eip55,
    segwit_encode,
    ton_friendly_encode,
)


class Values:
    def __init__(self, seed: int = 12) -> None:
        self.rng = random.Random(seed)

    def _bytes(self, n: int) -> bytes:
        return bytes(self.rng.getrandbits(8) for _ in range(n))

    def _hex(self, n: int) -> str:
        return self._bytes(n).hex()

    # --- valid values ---

    def evm_addr(self) -> str:
        while True:
            address = eip55(self._hex(20))
            body = address[2:]
            if body != body.lower() and body != body.upper():  # carries a checksum
                return address

    def evm_addr_lower(self) -> str:
        return self.evm_addr().lower()

    def evm_addr_upper(self) -> str:
        return "0x" + self.evm_addr()[2:].upper()

    def evm_tx(self) -> str:
        return "0x" + self._hex(32)

    def hex_tx(self) -> str:
        return self._hex(32)

    def hex_tx_upper(self) -> str:
        return self._hex(32).upper()

    def btc_p2pkh(self) -> str:
        return b58check_encode(b"\x00" + self._bytes(20))

    def btc_p2sh(self) -> str:
        return b58check_encode(b"\x05" + self._bytes(20))

    def btc_wpkh(self) -> str:
        return segwit_encode("bc", 0, self._bytes(20))

    def btc_wpkh_upper(self) -> str:
        return self.btc_wpkh().upper()

    def btc_wsh(self) -> str:
        return segwit_encode("bc", 0, self._bytes(32))

    def btc_tr(self) -> str:
        return segwit_encode("bc", 1, self._bytes(32))

    def tron_addr(self) -> str:
        return b58check_encode(b"\x41" + self._bytes(20))

    def sol_addr(self) -> str:
        while True:
            value = b58encode(self._bytes(32))
            if len(value) >= 43:
                return value

    def sol_sig(self) -> str:
        return b58encode(self._bytes(64))

    def xrp_addr(self) -> str:
        return b58check_encode(b"\x00" + self._bytes(20), XRP_ALPHABET)

    def xrp_x(self, *, tag: int | None = None, testnet: bool = False) -> str:
        prefix = b"\x04\x93" if testnet else b"\x05\x44"
        flag = b"\x00" if tag is None else b"\x01"
        tag_bytes = (tag or 0).to_bytes(4, "little") + b"\x00" * 4
        return b58check_encode(prefix + self._bytes(20) + flag + tag_bytes, XRP_ALPHABET)

    def ton_addr(self) -> str:
        return ton_friendly_encode(0, self._bytes(32), bounceable=self.rng.random() < 0.5)

    def ton_raw(self) -> str:
        return "0:" + self._hex(32)

    def tag(self) -> str:
        return str(self.rng.randint(10_000, 999_999_999))

    # --- near misses (never a mention) ---

    def _change_one(self, value: str, alphabet: str, skip: int) -> str:
        i = self.rng.randrange(skip, len(value))
        choices = [c for c in alphabet if c != value[i]]
        return value[:i] + self.rng.choice(choices) + value[i + 1 :]

    def evm_addr_bad(self) -> str:
        """A checksummed address with one letter's case flipped: the checksum no longer matches."""
        address = self.evm_addr()
        letters = [i for i, c in enumerate(address) if i >= 2 and c.isalpha()]
        i = self.rng.choice(letters)
        return address[:i] + address[i].swapcase() + address[i + 1 :]

    def evm_tx_short(self) -> str:
        return "0x" + self._hex(32)[:-1]

    def btc_bad(self) -> str:
        return self._change_one(self.btc_p2pkh(), BTC_ALPHABET, 1)

    def bech_bad(self) -> str:
        return self._change_one(self.btc_wpkh(), "qpzry9x8gf2tvdw0s3jn54khce6mua7l", 4)

    def tron_bad(self) -> str:
        return self._change_one(self.tron_addr(), BTC_ALPHABET, 1)

    def xrp_bad(self) -> str:
        return self._change_one(self.xrp_addr(), XRP_ALPHABET, 1)

    def ton_bad(self) -> str:
        return self._change_one(
            self.ton_addr(), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 2
        )

    def btc_testnet(self) -> str:
        return b58check_encode(b"\x6f" + self._bytes(20))

    def tb1(self) -> str:
        return segwit_encode("tb", 0, self._bytes(20))

    def ton_testnet(self) -> str:
        return ton_friendly_encode(0, self._bytes(32), bounceable=True, testnet=True)

    def xrp_x_testnet(self) -> str:
        return self.xrp_x(testnet=True)

    def api_key_hex(self) -> str:
        return self._hex(32)

    def api_key_alnum(self) -> str:
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        return "".join(self.rng.choice(alphabet) for _ in range(64))

    def order_hex40(self) -> str:
        return self._hex(20)

    def uuid(self) -> str:
        h = self._hex(16)
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def order_id(self) -> str:
        return str(self.rng.randint(10**15, 10**18))

    def phone(self) -> str:
        return (
            f"+{self.rng.choice(['7', '34', '55', '90', '84', '62', '82', '81', '86', '971'])} "
            + " ".join(str(self.rng.randint(100, 999)) for _ in range(3))
        )

    def case_no(self) -> str:
        return self.rng.choice(
            [
                f"#{self.rng.randint(1000, 99999)}",
                f"CD-2026-{self.rng.randint(1, 9999):04d}",
                f"HD-{self.rng.randint(1, 999999):06d}",
            ]
        )

    def date(self) -> str:
        d, m = self.rng.randint(1, 28), self.rng.randint(1, 12)
        return self.rng.choice([f"2026-{m:02d}-{d:02d}", f"{d:02d}.{m:02d}.2026", f"{m}/{d}/2026"])
