"""HTTP faces of the reference chains: the EVM JSON-RPC node and the recorded explorer APIs.

The recorded answers (recorded/<api>/...) are looked up by id in an index built from the file names,
never by joining a request's text into a path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache, wraps
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

RECORDED = Path(__file__).resolve().parent / "recorded"


View = TypeVar("View", bound=Callable[..., HttpResponse])


def reference_only(view: View) -> View:
    """404 unless the reference chains are switched on (never by default in production)."""

    @wraps(view)  # keeps csrf_exempt
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(settings, "REFERENCE_CHAINS_ENABLED", False):
            raise Http404("The reference chains are not enabled.")
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


def _rpc_error(request_id: Any, code: int, message: str) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": request_id, "error": {"code": code, "message": message}}


def _parse_json(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None


@csrf_exempt
@require_POST
def evm_rpc(request: HttpRequest, network: str) -> HttpResponse:
    # Imported here: py-evm takes a second to import, and only the demo and tests ever call this.
    from triage.chains.reference import evm

    if network not in evm.CHAIN_IDS:
        return JsonResponse({"error": f"no reference chain for {network}"}, status=404)
    body = _parse_json(request)
    node = evm.node_for(network)

    def answer(call: Any) -> dict[str, Any]:
        if not isinstance(call, dict) or not isinstance(call.get("method"), str):
            return _rpc_error(None, -32600, "invalid request")
        params = call.get("params") or []
        if not isinstance(params, list):
            return _rpc_error(call.get("id"), -32602, "params must be an array")
        try:
            result = node.handle(call["method"], params)
        except evm.RpcError as exc:
            return _rpc_error(call.get("id"), exc.code, exc.message)
        return {"jsonrpc": "2.0", "id": call.get("id"), "result": result}

    if body is None:
        return JsonResponse(_rpc_error(None, -32700, "parse error"))
    if isinstance(body, list):
        return JsonResponse([answer(call) for call in body[:100]], safe=False)
    return JsonResponse(answer(body))


# --- recorded APIs ---------------------------------------------------------------------------------


@cache
def recorded(api: str, kind: str) -> dict[str, Any]:
    """{id: parsed JSON} for every recorded/<api>/<kind>/<id>.json."""
    folder = RECORDED / api / kind
    if not folder.is_dir():
        return {}
    return {path.stem: json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))}


@cache
def recorded_one(api: str, name: str) -> Any:
    return json.loads((RECORDED / api / f"{name}.json").read_text())


def _text(body: str, status: int) -> HttpResponse:
    return HttpResponse(body, status=status, content_type="text/plain")


# Esplora (mempool.space / blockstream.info): /api/tx/:txid, /api/tx/:txid/status, /api/blocks/tip/height,
# /api/address/:address. Errors are plain text, as there.
HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")
BITCOIN_ADDRESS = re.compile(r"^(bc1[02-9ac-hj-np-z]{11,87}|[13][1-9A-HJ-NP-Za-km-z]{25,34})$")


@require_GET
def esplora_tx(request: HttpRequest, txid: str, status: bool = False) -> HttpResponse:
    if not HEX64.match(txid):
        return _text("Invalid hex string", 400)
    tx = recorded("esplora", "tx").get(txid.lower())
    if tx is None:
        return _text("Transaction not found", 404)
    return JsonResponse(tx["status"] if status else tx)


@require_GET
def esplora_tx_status(request: HttpRequest, txid: str) -> HttpResponse:
    return esplora_tx(request, txid, status=True)


@require_GET
def esplora_tip_height(request: HttpRequest) -> HttpResponse:
    return _text(str(recorded_one("esplora", "tip")["height"]), 200)


@require_GET
def esplora_address(request: HttpRequest, address: str) -> HttpResponse:
    if not BITCOIN_ADDRESS.match(address):
        return _text("Invalid Bitcoin address", 400)
    known = recorded("esplora", "address").get(address)
    if known is not None:
        return JsonResponse(known)
    empty = {
        "funded_txo_count": 0,
        "funded_txo_sum": 0,
        "spent_txo_count": 0,
        "spent_txo_sum": 0,
        "tx_count": 0,
    }
    return JsonResponse({"address": address, "chain_stats": empty, "mempool_stats": empty})


# TronGrid full-node HTTP API: POST /wallet/<method> with {"value": ...}; an unknown id answers {}.
TRON_METHODS = {"gettransactionbyid", "gettransactioninfobyid", "getcontract"}


@csrf_exempt
@require_http_methods(["POST"])
def tron_wallet(request: HttpRequest, method: str) -> HttpResponse:
    body = _parse_json(request)
    if method == "getnowblock":
        return JsonResponse(recorded_one("tron", "getnowblock"))
    if not isinstance(body, dict):
        return JsonResponse(
            {"Error": "class org.tron.core.exception.BadItemException : invalid request body"}
        )
    if method == "triggerconstantcontract":
        key = f"{body.get('contract_address', '')}_{str(body.get('function_selector', '')).rstrip('()')}"
        found = recorded("tron", "triggerconstantcontract").get(key)
        if found is None:
            return JsonResponse(
                {
                    "result": {
                        "code": "CONTRACT_VALIDATE_ERROR",
                        "message": "No contract or not a smart contract",
                    }
                }
            )
        return JsonResponse(found)
    if method not in TRON_METHODS:
        return _text("", 404)
    value = str(body.get("value", ""))
    return JsonResponse(recorded("tron", method).get(value, {}))


# Solana and the XRP Ledger: JSON-RPC over POST at the root.
def _jsonrpc(request: HttpRequest, handlers: dict[str, Any]) -> HttpResponse:
    body = _parse_json(request)
    if not isinstance(body, dict):
        return JsonResponse(_rpc_error(None, -32700, "Parse error"))
    method, params = body.get("method"), body.get("params") or []
    handler = handlers.get(method) if isinstance(method, str) else None
    if handler is None or not isinstance(params, list):
        return JsonResponse(_rpc_error(body.get("id"), -32601, "Method not found"))
    return JsonResponse({"jsonrpc": "2.0", "id": body.get("id"), **handler(params)})


def _solana_slot() -> int:
    return int(recorded_one("solana", "slot")["slot"])


def _solana_get_transaction(params: list[Any]) -> dict[str, Any]:
    return {"result": recorded("solana", "getTransaction").get(str(params[0]) if params else "")}


def _solana_get_signature_statuses(params: list[Any]) -> dict[str, Any]:
    signatures = params[0] if params and isinstance(params[0], list) else []
    statuses = recorded("solana", "getSignatureStatuses")
    return {
        "result": {
            "context": {"apiVersion": "2.1.21", "slot": _solana_slot()},
            "value": [statuses.get(str(s)) for s in signatures[:256]],
        }
    }


def _solana_get_account_info(params: list[Any]) -> dict[str, Any]:
    value = recorded("solana", "getAccountInfo").get(str(params[0]) if params else "")
    return {"result": {"context": {"apiVersion": "2.1.21", "slot": _solana_slot()}, "value": value}}


def _solana_get_slot(params: list[Any]) -> dict[str, Any]:
    return {"result": _solana_slot()}


@csrf_exempt
@require_POST
def solana_rpc(request: HttpRequest) -> HttpResponse:
    return _jsonrpc(
        request,
        {
            "getTransaction": _solana_get_transaction,
            "getSignatureStatuses": _solana_get_signature_statuses,
            "getAccountInfo": _solana_get_account_info,
            "getSlot": _solana_get_slot,
        },
    )


def _xrpl_first(params: list[Any]) -> dict[str, Any]:
    return params[0] if params and isinstance(params[0], dict) else {}


def _xrpl_tx(params: list[Any]) -> dict[str, Any]:
    request = _xrpl_first(params)
    tx_hash = str(request.get("transaction", ""))
    found = recorded("xrpl", "tx").get(tx_hash.upper())
    if found is not None:
        return {"result": found}
    if not HEX64.match(tx_hash):
        return {
            "result": {
                "error": "invalidParams",
                "error_code": 31,
                "error_message": "Invalid parameters.",
                "request": {"command": "tx", **request},
                "status": "error",
                "type": "response",
            }
        }
    return {
        "result": {
            "error": "txnNotFound",
            "error_code": 29,
            "error_message": "Transaction not found.",
            "request": {"command": "tx", **request},
            "status": "error",
            "type": "response",
        }
    }


def _xrpl_account_info(params: list[Any]) -> dict[str, Any]:
    request = _xrpl_first(params)
    account = str(request.get("account", ""))
    found = recorded("xrpl", "account_info").get(account)
    if found is not None:
        return {"result": found}
    return {
        "result": {
            "account": account,
            "error": "actNotFound",
            "error_code": 19,
            "error_message": "Account not found.",
            "ledger_current_index": 94123550,
            "request": {"command": "account_info", **request},
            "status": "error",
            "type": "response",
            "validated": False,
        }
    }


@csrf_exempt
@require_POST
def xrpl_rpc(request: HttpRequest) -> HttpResponse:
    # rippled's JSON-RPC puts everything in "result" and has no "jsonrpc"/"id" members.
    body = _parse_json(request)
    if not isinstance(body, dict):
        return _text("Unable to parse request: ", 400)
    handlers = {"tx": _xrpl_tx, "account_info": _xrpl_account_info}
    method, params = body.get("method"), body.get("params") or []
    handler = handlers.get(method) if isinstance(method, str) else None
    if handler is None or not isinstance(params, list):
        return JsonResponse(
            {
                "result": {
                    "error": "unknownCmd",
                    "error_code": 32,
                    "error_message": "Unknown method.",
                    "status": "error",
                    "type": "response",
                }
            }
        )
    return JsonResponse(handler(params))


# toncenter API v3: GET /api/v3/transactions?hash=… and /api/v3/walletStates?address=…
@require_GET
def ton_transactions(request: HttpRequest) -> HttpResponse:
    from triage.chains.adapters.ton import hash_to_hex

    value = request.GET.get("hash", "")
    hex_hash = hash_to_hex(value) if value else ""
    if value and not hex_hash:
        return JsonResponse({"error": "failed to parse hash"}, status=422)
    found = recorded("ton", "transactions").get(hex_hash)
    return JsonResponse(found or {"transactions": [], "address_book": {}})


@require_GET
def ton_wallet_states(request: HttpRequest) -> HttpResponse:
    address = request.GET.get("address", "")
    if not address:
        return JsonResponse({"error": "address is required"}, status=422)
    return JsonResponse(recorded("ton", "walletStates").get(address) or {"wallets": [], "address_book": {}})


def broken(request: HttpRequest, path: str = "") -> HttpResponse:
    """What a misconfigured proxy in front of a node answers: an HTML page with status 200."""
    return HttpResponse("<html><body><h1>Welcome to nginx!</h1></body></html>", content_type="text/html")
