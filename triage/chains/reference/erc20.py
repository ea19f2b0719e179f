"""A minimal ERC-20 token, hand-assembled, for the reference EVM chains (no compiler at run time).

It behaves like this Solidity contract (symbol and decimals are baked into the code, so a "bridged"
variant is the same code at another address with the same symbol):

    contract Token {
        // balances live at storage slot = the holder's address; the total supply at slot 2**255
        constructor() {                                   // mints the whole supply to the deployer
            balances[msg.sender] = SUPPLY; totalSupply = SUPPLY;
            emit Transfer(address(0), msg.sender, SUPPLY);
        }
        function name() external view returns (string memory) { return SYMBOL; }
        function symbol() external view returns (string memory) { return SYMBOL; }
        function decimals() external view returns (uint8) { return DECIMALS; }
        function totalSupply() external view returns (uint256);
        function balanceOf(address holder) external view returns (uint256);
        function transfer(address to, uint256 value) external returns (bool) {
            require(balances[msg.sender] >= value);       // reverts with no data otherwise
            balances[msg.sender] -= value; balances[to] += value;
            emit Transfer(msg.sender, to, value);
            return true;
        }
        // no fallback, no receive: plain ether sent to the token reverts
    }
"""

from __future__ import annotations

from collections.abc import Mapping

from eth_utils import keccak

# Opcodes used below (Shanghai semantics).
OPCODES: dict[str, int] = {
    "STOP": 0x00,
    "ADD": 0x01,
    "SUB": 0x03,
    "LT": 0x10,
    "EQ": 0x14,
    "AND": 0x16,
    "SHL": 0x1B,
    "SHR": 0x1C,
    "CALLER": 0x33,
    "CALLDATALOAD": 0x35,
    "CODECOPY": 0x39,
    "MSTORE": 0x52,
    "SLOAD": 0x54,
    "SSTORE": 0x55,
    "JUMPI": 0x57,
    "JUMPDEST": 0x5B,
    "DUP1": 0x80,
    "DUP2": 0x81,
    "DUP3": 0x82,
    "SWAP1": 0x90,
    "LOG3": 0xA3,
    "RETURN": 0xF3,
    "REVERT": 0xFD,
}

TRANSFER_TOPIC = keccak(text="Transfer(address,address,uint256)")
SELECTORS = {
    "transfer": keccak(text="transfer(address,uint256)")[:4],
    "balanceOf": keccak(text="balanceOf(address)")[:4],
    "decimals": keccak(text="decimals()")[:4],
    "symbol": keccak(text="symbol()")[:4],
    "name": keccak(text="name()")[:4],
    "totalSupply": keccak(text="totalSupply()")[:4],
}

Item = str | int | bytes | tuple[str, str]


def _push(value: int | bytes) -> bytes:
    data = value if isinstance(value, bytes) else value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big")
    assert 1 <= len(data) <= 32
    return bytes([0x5F + len(data)]) + data


def assemble(program: list[Item]) -> bytes:
    """Opcode names, ints/bytes (pushed), ("label", name) marks a JUMPDEST, ("jump", name) pushes its
    offset as PUSH2. Two passes: offsets are fixed-width, so the first pass knows every length."""
    labels: dict[str, int] = {}
    for pass_number in (1, 2):
        code = bytearray()
        for item in program:
            if isinstance(item, tuple):
                kind, name = item
                if kind == "label":
                    labels[name] = len(code)
                    code.append(OPCODES["JUMPDEST"])
                else:
                    code += b"\x61" + labels.get(name, 0).to_bytes(2, "big")
            elif isinstance(item, str):
                code.append(OPCODES[item])
            else:
                code += _push(item)
        if pass_number == 2:
            return bytes(code)
    raise AssertionError("unreachable")


def _return_word() -> list[Item]:
    """Return the word on top of the stack."""
    return [0, "MSTORE", 0x20, 0, "RETURN"]


def runtime_code(symbol: str, decimals: int) -> bytes:
    encoded = symbol.encode()
    assert len(encoded) <= 32
    total_slot: list[Item] = [1, 0xFF, "SHL"]
    address_mask: list[Item] = [b"\xff" * 20, "AND"]
    program: list[Item] = [0, "CALLDATALOAD", 0xE0, "SHR"]
    for name in ("transfer", "balanceOf", "decimals", "symbol", "name", "totalSupply"):
        program += ["DUP1", SELECTORS[name], "EQ", ("jump", "symbol" if name == "name" else name), "JUMPI"]
    program += [
        ("label", "fail"),
        0,
        "DUP1",
        "REVERT",
        ("label", "decimals"),
        decimals,
        *_return_word(),
        ("label", "totalSupply"),
        *total_slot,
        "SLOAD",
        *_return_word(),
        ("label", "balanceOf"),
        4,
        "CALLDATALOAD",
        *address_mask,
        "SLOAD",
        *_return_word(),
        ("label", "symbol"),
        0x20,
        0,
        "MSTORE",
        len(encoded),
        0x20,
        "MSTORE",
        encoded.ljust(32, b"\x00"),
        0x40,
        "MSTORE",
        0x60,
        0,
        "RETURN",
        # transfer(to, value); stack comments read bottom → top
        ("label", "transfer"),
        0x24,
        "CALLDATALOAD",  # value
        "CALLER",
        "SLOAD",  # value, balance
        "DUP2",
        "DUP2",
        "LT",  # value, balance, balance < value
        ("jump", "fail"),
        "JUMPI",
        "DUP2",
        "SWAP1",
        "SUB",  # value, balance - value
        "CALLER",
        "SSTORE",  # value
        4,
        "CALLDATALOAD",
        *address_mask,  # value, to
        "DUP1",
        "SLOAD",
        "DUP3",
        "ADD",  # value, to, balance_to + value
        "DUP2",
        "SSTORE",  # value, to
        "DUP2",
        0,
        "MSTORE",  # memory[0] = value
        "CALLER",
        TRANSFER_TOPIC,
        0x20,
        0,
        "LOG3",  # Transfer(topic1 = caller, topic2 = to), data = value
        1,
        *_return_word(),
    ]
    return assemble(program)


def deployment_code(symbol: str, decimals: int, supply: int) -> bytes:
    """Init code: mint the supply to the deployer, emit its Transfer, return the runtime code."""
    runtime = runtime_code(symbol, decimals)

    def init(runtime_offset: int) -> bytes:
        return assemble(
            [
                supply,
                "CALLER",
                "SSTORE",
                supply,
                1,
                0xFF,
                "SHL",
                "SSTORE",
                supply,
                0,
                "MSTORE",
                "CALLER",
                0,
                TRANSFER_TOPIC,
                0x20,
                0,
                "LOG3",
                len(runtime).to_bytes(2, "big"),
                "DUP1",
                runtime_offset.to_bytes(2, "big"),
                0,
                "CODECOPY",
                0,
                "RETURN",
            ]
        )

    prefix_length = len(init(0))
    prefix = init(prefix_length)
    assert len(prefix) == prefix_length
    return prefix + runtime


def genesis_storage(holders: Mapping[bytes, int]) -> dict[int, int]:
    """Storage of a token placed in the genesis state: balances and their total."""
    storage = {int.from_bytes(address, "big"): amount for address, amount in holders.items()}
    storage[1 << 255] = sum(holders.values())
    return storage
