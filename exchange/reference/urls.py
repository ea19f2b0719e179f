from django.urls import URLPattern, URLResolver, path

from exchange.reference import api, views

app_name = "reference_exchange"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.overview, name="overview"),
    path("api/v1/assets", api.assets, name="api-assets"),
    path("api/v1/networks/status", api.network_status, name="api-network-status"),
    path("api/v1/identities/<str:kind>/<str:value>", api.identity, name="api-identity"),
    path("api/v1/accounts/<str:external_id>", api.account, name="api-account"),
    path("api/v1/accounts/<str:external_id>/transfers", api.transfers, name="api-transfers"),
    path(
        "api/v1/accounts/<str:external_id>/transfers/by-hash/<str:tx_hash>",
        api.transfer_by_hash,
        name="api-transfer-by-hash",
    ),
    path(
        "api/v1/accounts/<str:external_id>/deposit-addresses",
        api.deposit_addresses,
        name="api-deposit-addresses",
    ),
    path(
        "api/v1/accounts/<str:external_id>/security-events", api.security_events, name="api-security-events"
    ),
    path("api/v1/accounts/<str:external_id>/actions/<str:action>", api.action, name="api-action"),
]
