"""The routing endpoints are documented in the OpenAPI schema (tests/api checks that it validates)."""

import yaml
from django.core.management import call_command


def test_the_schema_documents_the_routing_endpoints_and_their_bodies(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    paths = schema["paths"]
    assert {
        "/api/routing/teams/",
        "/api/routing/teams/{id}/",
        "/api/routing/vip-policies/",
        "/api/routing/rules/",
        "/api/routing/rules/reorder/",
        "/api/routing/rules/dry-run/",
        "/api/routing/presence/",
        "/api/routing/presence/heartbeat/",
        "/api/routing/agents/",
        "/api/tickets/next/",
        "/api/tickets/{id}/transfer/",
        "/api/tickets/{id}/escalate/",
    } <= set(paths)
    assert set(paths["/api/tickets/next/"]["post"]["responses"]) >= {"200", "204"}
    components = schema["components"]["schemas"]
    assert set(components["TeamRequest"]["properties"]) >= {"shifts", "holidays", "members", "time_zone"}
    assert set(components["DryRun"]["properties"]) == {"decision", "facts"}
    assert "team_name" in components["Decision"]["properties"]
