# ruff: noqa: E501  (signatures are longer than a line)
"""Ids of the scenario transactions and addresses on every reference chain, by network.

The EVM ones come from the seeded py-evm chains (evm.SCENARIO); the others name the recorded answers
under recorded/ (see its README).
"""

from triage.chains.reference.evm import ACCOUNTS as EVM_ACCOUNTS
from triage.chains.reference.evm import SCENARIO as EVM_SCENARIO
from triage.chains.reference.evm import USDT_CONTRACTS as EVM_USDT_CONTRACTS

RECORDED_SCENARIO: dict[str, dict[str, str]] = {
    "bitcoin": {
        "deposit_confirmed": "acf760ee40584cc0e3c4692bea6105fbd0c3135de2c8d367c0aabcaa21c20f51",
        "deposit_unconfirmed": "0362490efe01f0e0ba0c12369824b6638fe25811d7de8fc978c69be834bf0f1f",
        "withdrawal": "f10a67c347f2f4686c3986b84238e4e8eabca0a5a58f87f0a23ed32434c98a0a",
        "address_customer": "bc1qsyy2twzt40zvnucps53cucl8ycjg03ew7h4ry4",
        "address_deposit": "bc1q649ty99vpxns635l05wpmng8mexcs5shqcw3zj",
        "address_hot_wallet": "3MV58yMYbJi9fru1gLqAsTb4CQjMRCyHDJ",
        "address_customer_taproot": "bc1pmm8c3tfsvnsf8s85rx4m9zaq22tp940juw4myw7ecsljzm0ketzqfdy3j6",
        "address_change": "bc1qrwzk38llfvx5y8lnkd3xl3ln2jv45lfz95sssr",
        "tip_height": "871204",
    },
    "tron": {
        "usdt_deposit": "0296e7b0c12bd5d8e381765f79e49c89f84c084bb4d5b17b7de3b5a82126eeb1",
        "usdt_out_of_energy": "b450d60a372745ae1df5086adbf0f6159c8490faa9066467dc9213138c340ca9",
        "trx_deposit": "b6559492e5baf812a49df9309dca3b80a9d7522b60ee8bee4e12152fa44d16c2",
        "usdt_unconfirmed": "00fcade1118d7648575b43a038fb00088fa79844a1c6c1adb0bb2c8a2b2c414e",
        "usdt_contract": "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
        "address_customer": "TDdsthrnfZBjWSeE91kNWK4DF7EKahMz54",
        "address_deposit": "TXTAL96E6CGoYm6mAyMBz4weMFpccwNHD8",
        "address_hot_wallet": "TCZg8iPumcXuR8bi7M1PPfDVMApNz25uRF",
    },
    "solana": {
        "usdt_deposit": "k8nC3WiroPWFzELUARS3at37y2Vfet9SM9JtJhPTyqnqg2wrm9rFCD5THBvYNraXHHFWfUDbK7ffp9Mb2vjwVtS",
        "sol_deposit_with_memo": "NGf2t12cA67ma5wFQtpKyXGRtv1XxFSoN5Z9L4FRdeT32rXpaBqPNPeL2CupRsUL1gWGChK2oduz6BdkzGUiC7G",
        "usdt_failed": "5Wf1y5uLagusKguaQ5pwc9eNaugJ4wFTuUH9UbSsQbRg6uzpZYATE81AKFSbudP8v8eByyTBpXag2zcvyRAXv7Qp",
        "usdt_processed": "5QsejtoLmN8Xw2ZZMBTedaRsojpGWzaJHxtWcY2Rf9CF78LzdzAZhAqJY7xZ4L5VLiYPnUznuYkP3cXfASWoYRLu",
        "usdt_mint": "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB",
        "token_program": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",
        "address_customer": "Bb8C7JekkD2eYet31tanX36UtBGofhVtDG1Wwnk1kGyC",
        "address_deposit": "AmVads5DxgJkoTzERWyoDySS58tkrYQhZH5TpUnyTkom",
        "deposit_token_account": "K7SzzVAqPRVBz7Qc3MGPgQtpkP8Ahg3JH9XWmTMjCZS",
    },
    "xrp": {
        "deposit_with_tag": "6B64FA2551F8976AF0072D7CC37E33A2887C4B974FADD17148E9F2BE2C648814",
        "deposit_without_tag": "286495E3F757240ECB3743B9754EFD6CAF3B54DAE8A25699A4D8FB17026F5649",
        "payment_failed_unfunded": "C6232A15AEF6D62FAA6168DBAEA77AD8E4E338944004CB6BDB405D89F181FFE1",
        "deposit_unvalidated": "FAD535797D5FFEF15241EC2A09446265F582A45D208DB25A8923A4A5B883E234",
        "destination_tag": "104729",
        "address_customer": "rNE24vaHYUTebvQLHqqYiEYDLcmnMAbuKn",
        "address_exchange": "rh2hHSjhpYTRmQRKJr7zG4Yd6H2q1dSr2d",
        "address_unfunded": "rP9u7BE9ktECez4RJrXwUWVttArEePhacX",
    },
    "ton": {
        "deposit_with_memo": "4e4657cb57ad9b169e2ff177c67f580806308470f1b84a6d3d59b32f5d80f7c9",
        "sent_without_memo": "4b261f3e469f5b6c038d0eb2bf02bfe64ee024e0de0846c18f0fe8fd6961ddeb",
        "to_contract_failed": "fb33f72d417d787f909eaa16c049b8bbbe65b168627017078ce25bc01d307b5b",
        "memo": "7781204",
        "address_customer": "UQB3GARfOGl2z5oGXyBfkLUYGDgeVP52rqc9crlicrOM15LM",
        "address_exchange": "EQAuD7AGabsjxr_BgIhlzJt1WVaicP87FYz3Af37lySDZOpT",
        "address_contract": "EQCg97gPJADLxzRqDPpvNQ4mlRy2Sefepk0qQMdCx_AguzwM",
    },
}

SCENARIO: dict[str, dict[str, str]] = {**EVM_SCENARIO, **RECORDED_SCENARIO}

__all__ = ["EVM_ACCOUNTS", "EVM_SCENARIO", "EVM_USDT_CONTRACTS", "RECORDED_SCENARIO", "SCENARIO"]
