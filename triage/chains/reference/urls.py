from django.urls import URLPattern, URLResolver, path, re_path

from triage.chains.reference import views

app_name = "reference_chains"

urlpatterns: list[URLPattern | URLResolver] = [
    path("evm/<slug:network>/", views.evm_rpc, name="evm-rpc"),
    path("esplora/api/tx/<str:txid>", views.esplora_tx, name="esplora-tx"),
    path("esplora/api/tx/<str:txid>/status", views.esplora_tx_status, name="esplora-tx-status"),
    path("esplora/api/blocks/tip/height", views.esplora_tip_height, name="esplora-tip-height"),
    path("esplora/api/address/<str:address>", views.esplora_address, name="esplora-address"),
    path("tron/wallet/<slug:method>", views.tron_wallet, name="tron-wallet"),
    path("solana/", views.solana_rpc, name="solana-rpc"),
    path("xrpl/", views.xrpl_rpc, name="xrpl-rpc"),
    re_path(r"^broken/(?P<path>.*)$", views.broken, name="broken"),
]
