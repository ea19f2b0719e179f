from django.urls import URLPattern, URLResolver, path, re_path

from triage.chains.reference import views
from triage.chains.reference.views import reference_only as only

app_name = "reference_chains"

urlpatterns: list[URLPattern | URLResolver] = [
    path("evm/<slug:network>/", only(views.evm_rpc), name="evm-rpc"),
    path("esplora/api/tx/<str:txid>", only(views.esplora_tx), name="esplora-tx"),
    path("esplora/api/tx/<str:txid>/status", only(views.esplora_tx_status), name="esplora-tx-status"),
    path("esplora/api/blocks/tip/height", only(views.esplora_tip_height), name="esplora-tip-height"),
    path("esplora/api/address/<str:address>", only(views.esplora_address), name="esplora-address"),
    path("tron/wallet/<slug:method>", only(views.tron_wallet), name="tron-wallet"),
    path("solana/", only(views.solana_rpc), name="solana-rpc"),
    path("xrpl/", only(views.xrpl_rpc), name="xrpl-rpc"),
    path("ton/api/v3/transactions", only(views.ton_transactions), name="ton-transactions"),
    path("ton/api/v3/walletStates", only(views.ton_wallet_states), name="ton-wallet-states"),
    re_path(r"^broken/(?P<path>.*)$", only(views.broken), name="broken"),
]
