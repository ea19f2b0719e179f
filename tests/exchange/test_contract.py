"""The reference exchange answers as docs/exchange-api.yaml says: every read's answer and every error is
validated against the contract's own schemas, so the document and the implementation cannot drift."""

from pathlib import Path

import httpx
import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from exchange.reference.seed import SCENARIOS, seed_reference_exchange
from tests.exchange.test_signed_requests import signed_get

pytestmark = pytest.mark.django_db(transaction=True)

CONTRACT = yaml.safe_load((Path(__file__).resolve().parents[2] / "docs" / "exchange-api.yaml").read_text())


def validator_for(schema: dict) -> Draft202012Validator:
    root = {"$id": "urn:exchange-api", "components": CONTRACT["components"], "allOf": [schema]}
    registry = Registry().with_resource("urn:exchange-api", Resource.from_contents(root, DRAFT202012))
    return Draft202012Validator(root, registry=registry)


def response_schema(path: str, method: str, status: str) -> dict:
    response = CONTRACT["paths"][path][method]["responses"][status]
    if "$ref" in response:
        response = CONTRACT["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    (media,) = response["content"].values()
    return media["schema"]


def test_the_contract_is_openapi_3_1_and_every_operation_documents_its_errors():
    assert CONTRACT["openapi"].startswith("3.1")
    for path, item in CONTRACT["paths"].items():
        for method, operation in item.items():
            assert {"401", "503"} <= set(operation["responses"]), (method, path)
            if method == "post":
                assert {"400", "404", "409"} <= set(operation["responses"]), path
                names = {p.get("name") or p["$ref"].rsplit("/", 1)[-1] for p in operation["parameters"]}
                assert "IdempotencyKey" in names, path


def test_every_read_answers_as_the_contract_says(reference_exchange):
    seed_reference_exchange()
    with_hash = next(s for s in SCENARIOS if s.name == "withdrawal_broadcast_congested")
    from exchange.reference.models import Transfer

    tx_hash = Transfer.objects.get(public_id=with_hash.public_id).tx_hash
    reads = {
        "/accounts/{external_id}": "/accounts/EX-10018",
        "/accounts/{external_id}/transfers": "/accounts/EX-10009/transfers",
        "/accounts/{external_id}/transfers/by-hash/{tx_hash}": "/accounts/EX-10008/transfers/by-hash/"
        + tx_hash,
        "/accounts/{external_id}/deposit-addresses": "/accounts/EX-10020/deposit-addresses",
        "/accounts/{external_id}/security-events": "/accounts/EX-10018/security-events",
        "/assets": "/assets",
        "/networks/status": "/networks/status",
        "/identities/{kind}/{value}": "/identities/phone/+447700900101",
    }
    assert set(reads) == {p for p, item in CONTRACT["paths"].items() if "get" in item}
    for template, path in reads.items():
        url, headers = signed_get(reference_exchange, path)
        response = httpx.get(url, headers=headers)
        assert response.status_code == 200, path
        body = response.json()
        errors = [e.message for e in validator_for(response_schema(template, "get", "200")).iter_errors(body)]
        assert errors == [], path
        assert any(body.values()), path  # a real answer, not an empty list that validates trivially


def test_errors_are_problem_documents_as_the_contract_says(reference_exchange):
    problem = validator_for({"$ref": "#/components/schemas/Problem"})
    unsigned = httpx.get(reference_exchange.api_url + "/assets")
    url, headers = signed_get(reference_exchange, "/accounts/EX-NOBODY")
    unknown = httpx.get(url, headers=headers)
    url, headers = signed_get(reference_exchange, "/accounts/EX-NOBODY/transfers", {"limit": "1000"})
    bad = httpx.get(url, headers=headers)
    for response, status in ((unsigned, 401), (unknown, 404), (bad, 400)):
        assert response.status_code == status
        assert response.headers["content-type"] == "application/problem+json"
        assert list(problem.iter_errors(response.json())) == []
