"""Mentions in a customer's message: transaction hashes, addresses, memos and tags, amounts, networks.

Pure functions over text, no database: `extract(body, attachment_names=[...])` returns every mention
found in the body and in each attachment name, normalised and de-duplicated, with the chain families it
may belong to and the network when the format or the text settles it.

The rules, in the order they are applied:

- Formats are recognised by shape and accepted only with a valid checksum: EIP-55 for a mixed-case EVM
  address (all lower or all upper case is accepted, unchecksummed), base58check with its version byte
  for Bitcoin (P2PKH 0x00, P2SH 0x05), Tron (0x41) and XRP (Ripple alphabet; X-addresses too),
  bech32 (BIP-173) for segwit v0 and bech32m (BIP-350) for v1+, CRC16 for TON's user-friendly form.
  Solana has no checksum: a string is a public key only if it decodes to exactly 32 bytes (a
  signature: 64) and mixes character classes. A shape that fails its checksum, a testnet address
  (tb1, m/n/2, kQ/0Q, T-prefixed X-address) or a testnet explorer link is never a mention: it comes
  back as kind "suspect" with the reason, which callers must not count.
- Candidates are maximal runs of ASCII letters and digits, so a hash glued to CJK or Hangul text is
  found, and a case number ("#4521", "CD-2026-0412", "HD-000123"), an order number, a phone number, a
  date or a UUID is never long enough or of the right alphabet to be one.
- A string inside an email address, inside a link that is not an explorer's (unless its path segment
  says tx/address/account), or that the customer labels as something else in the 48 characters
  before it on the same line ("API key:", "secret", "private key", "order id", "número de pedido",
  "订单号", ...; unless a word such as "hash" or "address" comes after the label) is a suspect.
- A hash or address in an explorer link (etherscan, bscscan, polygonscan, arbiscan, optimistic
  etherscan, basescan, snowtrace, mempool.space, blockstream, blockchair, tronscan, solscan, Solana
  explorer, xrpscan, tonviewer, tonscan) takes the explorer's network.
- An EVM string outside a link takes the network the message names when it names exactly one EVM
  network, otherwise none. A bare 64-hex hash may be bitcoin, evm, tron, xrp or ton: the networks the
  message names narrow it, then the families of the addresses in it, then the assets it names (BTC,
  TRX, XRP, ETH, SOL); narrowed to EVM it is written 0x…. Hex hashes are lowercase.
- An XRP destination tag ("destination tag: 123", "DT 123", "etiqueta de destino", "тег", "태그",
  "宛先タグ", "标签", "علامة الوجهة", ...) is a memo on xrp; a memo or comment takes xrp or ton when the
  message is about exactly one of them, and needs a digit.
- An amount is a number with an asset symbol before or after it ("1,234.56 USDT", "1.234,56 USDT",
  "USDT 250", "₮250", "5k USDT", "88.8U"). "1,500"/"1.500" is fifteen hundred for stablecoins and
  cheap coins, one and a half for BTC, ETH, BNB, SOL and AVAX. A number after "#" or a hyphen, or one
  followed by a unit of time, is not an amount.
- A network is its slug: ERC20 → ethereum, TRC20 → tron, BEP20/BSC/BNB Smart Chain → bsc, and the
  local spellings (以太坊, 이더리움, Эфириум, البيتكوين, ...). "TON" and "Base" count only when written
  so (French "ton", English "base" are words); Lightning is not a network here. A word that is part of
  an amount ("100 MATIC") or of a link is not a separate network mention.
- At most 64 mentions (and 64 suspects) per message, the first in reading order: a message naming
  thousands of hashes is an attack on the look-ups that follow.
"""

from triage.mentions.extract import extract
from triage.mentions.found import KINDS, SUSPECT, Found

__all__ = ["KINDS", "SUSPECT", "Found", "extract"]
