import pytest
import yaml
from django.core.management import call_command


def test_the_openapi_schema_generates_without_warnings_and_validates(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    assert {
        "/api/tickets/",
        "/api/tickets/{id}/",
        "/api/tickets/{ticket}/entries/",
        "/api/customers/",
    } <= set(schema["paths"])
    components = schema["components"]["schemas"]
    assert components["Ticket"]["properties"]["priority"]["allOf"] == [
        {"$ref": "#/components/schemas/PriorityEnum"}
    ]
    assert components["PriorityEnum"]["enum"] == ["low", "normal", "high", "urgent"]
    filters = {p["name"] for p in schema["paths"]["/api/tickets/"]["get"]["parameters"]}
    assert {"status", "priority", "assignee", "queue", "created_after", "cursor", "page_size"} <= filters


@pytest.mark.django_db
def test_the_docs_page_loads_swagger_ui_from_this_server(agent_client):
    response = agent_client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


@pytest.mark.django_db
def test_the_schema_is_served_to_signed_in_users(agent_client):
    response = agent_client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Helpdesk API"
