"""What the fuzzers found, one behaviour per test, so each stays fixed whatever the fuzzers draw."""

import json

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from routing.models import RoutingRule
from tests.fuzz.conftest import World

pytestmark = pytest.mark.django_db


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_date_filter_with_an_offset_postgresql_refuses_is_compared_in_utc(world: World):
    client = _as(world.agent)
    # Python takes offsets up to 23:59, PostgreSQL only up to 15:59.
    response = client.get("/api/tickets/", {"created_after": "2000-01-01T00:00:00-18:41"})
    assert response.status_code == 200
    assert [t["id"] for t in response.json()["results"]] == [world.ticket.pk]
    response = client.get("/api/tickets/", {"created_before": "9999-12-31T23:59:59-18:00"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"created_before": ["This date and time is out of range."]}


@pytest.mark.parametrize(
    "condition",
    [{"field": {}, "op": "eq", "value": "x"}, {"field": "language", "op": [], "value": "x"}],
)
def test_a_routing_condition_whose_field_or_op_is_not_text_is_a_400(world: World, condition):
    response = _as(world.admin).post(
        "/api/routing/rules/dry-run/",
        json.dumps(
            {"ticket": world.ticket.pk, "rule": {"name": "c", "conditions": [condition], "actions": {}}}
        ),
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert response.json()["message"]


@pytest.mark.parametrize(
    "actions",
    [{"to_account_manager": {}}, {"tags": {}}, {"priority": ["low"]}, {"to_account_manager": "yes"}],
)
def test_rule_actions_of_the_wrong_type_are_refused(world: World, actions):
    before = RoutingRule.objects.count()
    response = _as(world.admin).post(
        "/api/routing/rules/",
        json.dumps({"name": "odd", "conditions": [], "actions": actions}),
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert "actions" in response.json()["errors"]
    assert RoutingRule.objects.count() == before


def test_a_null_rule_action_is_not_stored_and_not_answered(world: World):
    response = _as(world.admin).post(
        "/api/routing/rules/",
        json.dumps(
            {"name": "nulls", "conditions": [], "actions": {"tags": None, "tier": None, "priority": "high"}}
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["actions"] == {"priority": "high"}
    assert RoutingRule.objects.get(pk=response.json()["id"]).actions == {"priority": "high"}


def test_a_nul_in_a_page_address_is_a_400_page_with_a_message(world: World):
    response = Client().get("/help/en/contact/?article=%00")
    assert response.status_code == 400
    assert "Null characters are not allowed in the address." in response.content.decode()


def test_a_nul_in_an_api_query_is_a_json_400(world: World):
    response = _as(world.agent).get("/api/tickets/?tag=a%00b")
    assert response.status_code == 400
    assert response.json() == {
        "message": "Null characters are not allowed in the address.",
        "status": 400,
        "code": "invalid",
    }


def test_a_nul_in_a_posted_form_is_a_400(world: World):
    response = _as(world.supervisor).post(
        f"/tickets/{world.ticket.pk}/properties/",
        "tags=vip%00",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "Null characters are not allowed in the form." in response.content.decode()


@pytest.mark.parametrize("path", ["/api/nowhere/", "/api/customers/1.5/", "/api/tickets/1/entries/x.y/"])
def test_every_api_404_carries_the_documented_code(world: World, path):
    response = _as(world.agent).get(path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert response.json()["message"]


@pytest.fixture(scope="module")
def document():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_documents_the_kb_article_list_as_paginated(document):
    operation = document["paths"]["/api/kb/articles/"]["get"]
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    page = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(page["properties"]) == {"next", "previous", "results"}
    assert {p["name"] for p in operation["parameters"]} >= {"cursor", "page_size"}


def test_the_schema_documents_nested_validation_errors_as_returned(document):
    errors = document["components"]["schemas"]["Error"]["properties"]["errors"]
    shapes = errors["additionalProperties"]["anyOf"]
    assert {"type": "array", "items": {"anyOf": [{"type": "string"}, shapes[1]]}} in shapes
    assert shapes[1]["type"] == "object"


def test_the_schema_gives_shift_times_as_hours_and_minutes(document):
    shift = document["components"]["schemas"]["Shift"]["properties"]["start"]
    assert "format" not in shift
    assert shift["pattern"].startswith("^([01][0-9]|2[0-3]):[0-5][0-9]")


def test_the_schema_answers_article_writes_with_what_they_return(document):
    article = document["paths"]["/api/kb/articles/{slug}/"]["patch"]["responses"]
    assert article["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/ArticleRef")
    assert "404" in article
    assert "404" in document["paths"]["/api/kb/articles/{slug}/translations/{language}/"]["put"]["responses"]


def test_a_rule_added_after_the_largest_position_keeps_a_position_the_api_accepts_and_runs_last(world: World):
    client = _as(world.admin)
    top = {"name": "top", "position": 1_000_000, "conditions": [], "actions": {}}
    assert (
        client.post("/api/routing/rules/", json.dumps(top), content_type="application/json").status_code
        == 201
    )
    response = client.post(
        "/api/routing/rules/", json.dumps({"name": "newest", "actions": {}}), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["position"] == 1_000_000
    assert [r["name"] for r in client.get("/api/routing/rules/").json()][-2:] == ["top", "newest"]


def test_the_dry_run_page_refuses_conditions_nested_too_deep_with_a_form_error(world: World):
    response = _as(world.supervisor).get(
        "/routing/rules/dry-run/", {"ticket": world.ticket.reference, "conditions": "[" * 100_000}
    )
    assert response.status_code == 400
    assert "nested more than 32 levels deep" in response.content.decode()


@pytest.mark.parametrize(
    ("conditions", "message"),
    [
        ("[" * 100_000, "nested more than 32 levels deep"),
        ('[{"field": "language", "op": "eq", "value": "e\\u0000n"}]', "Null characters are not allowed."),
        ('[{"field": "language", "op": "eq", "value": "\\ud800"}]', "Lone surrogate characters"),
    ],
)
def test_the_admin_refuses_json_nested_too_deep_or_unstorable_with_a_form_error(
    world: World, conditions, message
):
    before = RoutingRule.objects.count()
    response = _as(world.admin).post(
        "/admin/routing/routingrule/add/",
        {
            "position": "1",
            "name": "odd",
            "is_active": "on",
            "conditions": conditions,
            "actions": "{}",
            "audit_reason": "Trying odd input",
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert RoutingRule.objects.count() == before


def test_a_contact_form_posted_as_multipart_with_nul_in_the_article_is_not_a_500(world: World):
    # Multipart, as a browser sends a form with a file field; the middleware reads url-encoded only.
    response = Client().post("/help/en/contact/", {"article": "send\x00crypto", "message": "Hello"})
    assert response.status_code in (200, 400), response.status_code


def test_a_presence_change_whose_next_is_a_bare_word_redirects_instead_of_failing(world: World):
    response = _as(world.agent).post("/tickets/presence/", {"presence": "online", "next": "²"})
    assert response.status_code == 302


def test_a_body_of_no_media_type_is_a_415_that_the_schema_documents_for_every_body(world: World, document):
    response = _as(world.agent).generic("POST", "/api/tickets/", b"subject=x", content_type="")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    with_body = [
        (path, method, operation["responses"])
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    ]
    assert with_body
    assert [(path, method) for path, method, responses in with_body if "415" not in responses] == []
