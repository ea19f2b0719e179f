"""Deterministic, well-formed addresses and transaction hashes for the reference exchange's records.

Each is derived from a seed string, so the demo and the tests get the same values every run, and each
passes its chain's own checks (EIP-55, bech32, base58check, TON's CRC16), as a real one would.
"""

import base64
import hashlib

from eth_utils import to_checksum_address

_BTC_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_XRP_ALPHABET = "rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz"
_BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _digest(seed: str, size: int = 32) -> bytes:
    out = b""
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        counter += 1
    return out[:size]


def base58(data: bytes, alphabet: str = _BTC_ALPHABET) -> str:
    number = int.from_bytes(data, "big")
    text = ""
    while number:
        number, rest = divmod(number, 58)
        text = alphabet[rest] + text
    leading = len(data) - len(data.lstrip(b"\0"))
    return alphabet[0] * leading + text


def base58check(payload: bytes, alphabet: str = _BTC_ALPHABET) -> str:
    checksum = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    return base58(payload + checksum, alphabet)


def _bech32_polymod(values: list[int]) -> int:
    generator = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            chk ^= generator[i] if ((top >> i) & 1) else 0
    return chk


def _convert_bits(data: bytes, frombits: int, tobits: int) -> list[int]:
    acc = bits = 0
    out: list[int] = []
    maxv = (1 << tobits) - 1
    for value in data:
        acc = (acc << frombits) | value
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            out.append((acc >> bits) & maxv)
    if bits:
        out.append((acc << (tobits - bits)) & maxv)
    return out


def bech32_segwit_v0(hrp: str, program: bytes) -> str:
    data = [0, *_convert_bits(program, 8, 5)]
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    polymod = _bech32_polymod([*expanded, *data, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH32_CHARSET[d] for d in data + checksum)


def _crc16_xmodem(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def address_for(network: str, seed: str) -> str:
    """A valid address on ``network`` (an EVM network, bitcoin, tron, solana, xrp, ton)."""
    if network == "bitcoin":
        return bech32_segwit_v0("bc", _digest(seed, 20))
    if network == "tron":
        return base58check(b"\x41" + _digest(seed, 20))
    if network == "solana":
        return base58(_digest(seed, 32))
    if network == "xrp":
        return base58check(b"\x00" + _digest(seed, 20), _XRP_ALPHABET)
    if network == "ton":
        body = b"\x11\x00" + _digest(seed, 32)
        return base64.urlsafe_b64encode(body + _crc16_xmodem(body).to_bytes(2, "big")).decode()
    return str(to_checksum_address("0x" + _digest(seed, 20).hex()))


def tx_hash_for(network: str, seed: str) -> str:
    """A transaction id as ``network``'s explorers print it (hex hashes lower-case, XRP upper-case)."""
    if network == "solana":
        return base58(_digest(seed, 64))
    if network == "xrp":
        return _digest(seed, 32).hex().upper()
    if network in ("bitcoin", "tron", "ton"):
        return _digest(seed, 32).hex()
    return "0x" + _digest(seed, 32).hex()
