"""The checksummed encodings of chain addresses: base58check (Bitcoin and Ripple alphabets), bech32 and
bech32m (BIP-173, BIP-350), TON's CRC16 and EIP-55. Pure Python, bounded input sizes: callers pass
tokens of at most a few dozen characters, so the big-integer base58 arithmetic stays cheap."""

from __future__ import annotations

import base64
import binascii
import hashlib

from eth_utils import keccak

BTC_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
XRP_ALPHABET = "rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz"
_BTC_INDEX = {c: i for i, c in enumerate(BTC_ALPHABET)}
_XRP_INDEX = {c: i for i, c in enumerate(XRP_ALPHABET)}


def _sha256d(data: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


def b58decode(text: str, alphabet: str = BTC_ALPHABET) -> bytes | None:
    """Decode base58 (None if a character is outside the alphabet)."""
    index = _BTC_INDEX if alphabet == BTC_ALPHABET else _XRP_INDEX
    num = 0
    for char in text:
        digit = index.get(char)
        if digit is None:
            return None
        num = num * 58 + digit
    zero = alphabet[0]
    pad = len(text) - len(text.lstrip(zero))
    body = num.to_bytes((num.bit_length() + 7) // 8, "big") if num else b""
    return b"\x00" * pad + body


def b58encode(data: bytes, alphabet: str = BTC_ALPHABET) -> str:
    num = int.from_bytes(data, "big")
    out = []
    while num:
        num, rem = divmod(num, 58)
        out.append(alphabet[rem])
    pad = len(data) - len(data.lstrip(b"\x00"))
    return alphabet[0] * pad + "".join(reversed(out))


def b58check_decode(text: str, alphabet: str = BTC_ALPHABET) -> bytes | None:
    """The payload (version byte included) when the 4-byte double-SHA256 checksum matches."""
    raw = b58decode(text, alphabet)
    if raw is None or len(raw) < 5:
        return None
    payload, check = raw[:-4], raw[-4:]
    return payload if _sha256d(payload)[:4] == check else None


def b58check_encode(payload: bytes, alphabet: str = BTC_ALPHABET) -> str:
    return b58encode(payload + _sha256d(payload)[:4], alphabet)


# --- bech32 / bech32m (reference implementation of BIP-173 and BIP-350) ---

_BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_INDEX = {c: i for i, c in enumerate(_BECH32_CHARSET)}
BECH32, BECH32M = 1, 2
_BECH32M_CONST = 0x2BC830A3


def _polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            chk ^= generator[i] if ((top >> i) & 1) else 0
    return chk


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp]


def bech32_decode(text: str) -> tuple[str, list[int], int] | None:
    """(hrp, data without checksum, BECH32|BECH32M) or None: BIP-173's rules on case, length, charset."""
    if any(ord(x) < 33 or ord(x) > 126 for x in text):
        return None
    if text.lower() != text and text.upper() != text:
        return None
    text = text.lower()
    pos = text.rfind("1")
    if pos < 1 or pos + 7 > len(text) or len(text) > 90:
        return None
    hrp, data = text[:pos], []
    for char in text[pos + 1 :]:
        digit = _BECH32_INDEX.get(char)
        if digit is None:
            return None
        data.append(digit)
    const = _polymod(_hrp_expand(hrp) + data)
    spec = BECH32 if const == 1 else BECH32M if const == _BECH32M_CONST else 0
    if not spec:
        return None
    return hrp, data[:-6], spec


def _bech32_checksum(hrp: str, data: list[int], spec: int) -> list[int]:
    values = _hrp_expand(hrp) + data
    const = _BECH32M_CONST if spec == BECH32M else 1
    polymod = _polymod(values + [0] * 6) ^ const
    return [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]


def bech32_encode(hrp: str, data: list[int], spec: int) -> str:
    combined = data + _bech32_checksum(hrp, data, spec)
    return hrp + "1" + "".join(_BECH32_CHARSET[d] for d in combined)


def _convertbits(data: list[int] | bytes, frombits: int, tobits: int, pad: bool) -> list[int] | None:
    acc = bits = 0
    ret = []
    maxv = (1 << tobits) - 1
    for value in data:
        if value < 0 or (value >> frombits):
            return None
        acc = (acc << frombits) | value
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            ret.append((acc >> bits) & maxv)
    if pad:
        if bits:
            ret.append((acc << (tobits - bits)) & maxv)
    elif bits >= frombits or ((acc << (tobits - bits)) & maxv):
        return None
    return ret


def segwit_decode(hrp: str, addr: str) -> tuple[int, bytes] | None:
    """(witness version, program) for a segwit address of the given hrp, None if invalid (BIP-173/350)."""
    decoded = bech32_decode(addr)
    if decoded is None:
        return None
    got_hrp, data, spec = decoded
    if got_hrp != hrp or not data:
        return None
    program = _convertbits(data[1:], 5, 8, False)
    version = data[0]
    if program is None or len(program) < 2 or len(program) > 40 or version > 16:
        return None
    if version == 0 and len(program) not in (20, 32):
        return None
    if (version == 0) != (spec == BECH32):
        return None
    return version, bytes(program)


def segwit_encode(hrp: str, version: int, program: bytes) -> str:
    data = _convertbits(program, 8, 5, True)
    assert data is not None
    return bech32_encode(hrp, [version, *data], BECH32 if version == 0 else BECH32M)


# --- TON ---


def crc16_xmodem(data: bytes) -> int:
    return binascii.crc_hqx(data, 0)


def ton_friendly_decode(text: str) -> tuple[int, int, bytes] | None:
    """(flags, workchain, account hash) of a 48-character user-friendly address with a valid CRC16."""
    if len(text) != 48:
        return None
    urlsafe = "-" in text or "_" in text
    if urlsafe and ("+" in text or "/" in text):
        return None
    try:
        raw = (base64.urlsafe_b64decode if urlsafe else base64.b64decode)(text.encode())
    except (binascii.Error, ValueError):
        return None
    if len(raw) != 36 or crc16_xmodem(raw[:34]) != int.from_bytes(raw[34:], "big"):
        return None
    workchain = raw[1] - 256 if raw[1] > 127 else raw[1]
    return raw[0], workchain, raw[2:34]


def ton_friendly_encode(workchain: int, account: bytes, *, bounceable: bool, testnet: bool = False) -> str:
    flags = (0x11 if bounceable else 0x51) | (0x80 if testnet else 0)
    body = bytes([flags, workchain & 0xFF]) + account
    return base64.urlsafe_b64encode(body + crc16_xmodem(body).to_bytes(2, "big")).decode()


# --- EIP-55 ---


def eip55(address_hex: str) -> str:
    """The EIP-55 checksummed form of 40 hex digits (without 0x)."""
    lower = address_hex.lower()
    digest = keccak(text=lower).hex()
    return "0x" + "".join(c.upper() if int(digest[i], 16) >= 8 else c for i, c in enumerate(lower))
