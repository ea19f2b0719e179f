"""The policy header written once per settings is the one django-csp writes for every kind of response,
and messages whose storage is built on first use are stored and shown as Django's middleware does."""

from collections.abc import Callable
from typing import Any

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.decorators import csp_exempt, csp_replace, csp_update
from csp.middleware import CSPMiddleware
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils.functional import empty

from helpdesk.middleware import ContentSecurityPolicyMiddleware, LazyMessageMiddleware

REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'self'"], "report-uri": "/csp-report/"}}


def _page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("page")


def _nonced(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")  # type: ignore[attr-defined]


def _not_found(request: HttpRequest) -> HttpResponse:
    return HttpResponse("gone", status=404)


def _own_header(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("page")
    response[HEADER] = "default-src 'none'"
    return response


VIEWS: dict[str, Callable[[HttpRequest], Any]] = {
    "plain": _page,
    "nonce used": _nonced,
    "404": _not_found,
    "its own header": _own_header,
    "csp_update": csp_update({"style-src": ["'unsafe-inline'"]})(_page),
    "csp_replace": csp_replace({"img-src": ["https://img.example"]})(_page),
    "csp_exempt": csp_exempt()(_page),
    "report-only update": csp_update({"img-src": ["data:"]}, REPORT_ONLY=True)(_page),
}


def _headers(middleware_class: type[CSPMiddleware], view: Callable[[HttpRequest], Any], path: str) -> Any:
    request = RequestFactory().get(path)
    response: Any = middleware_class(view)(request)
    nonce = getattr(request, "_csp_nonce", None)
    after = request.csp_nonce  # type: ignore[attr-defined]

    def header(name: str) -> str | None:
        # Each request's nonce is its own; where it stands in the header is what must match.
        value = response.get(name)
        return value.replace(nonce, "NONCE") if value and nonce else value

    return header(HEADER), header(HEADER_REPORT_ONLY), bool(after)


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize(
    "policy_settings",
    [
        {},
        {"CONTENT_SECURITY_POLICY_REPORT_ONLY": REPORT_ONLY},
        {"DEBUG": True},
        {"CONTENT_SECURITY_POLICY_REPORT_ONLY": {**REPORT_ONLY, "EXCLUDE_URL_PREFIXES": ["/api/"]}},
    ],
    ids=["as configured", "with report-only", "debug", "report-only excluding the API"],
)
def test_every_response_gets_the_header_django_csp_gives_it(
    view: str, policy_settings: dict[str, Any], settings: Any
):
    for name, value in policy_settings.items():
        setattr(settings, name, value)
    for path in ("/api/tickets/", "/tickets/"):
        ours = _headers(ContentSecurityPolicyMiddleware, VIEWS[view], path)
        theirs = _headers(CSPMiddleware, VIEWS[view], path)
        assert ours == theirs


def test_a_changed_policy_setting_is_written_from_then_on(settings: Any):
    before = _headers(ContentSecurityPolicyMiddleware, _page, "/tickets/")[0]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert _headers(ContentSecurityPolicyMiddleware, _page, "/tickets/")[0] == "default-src 'none'"
    assert before != "default-src 'none'"


def test_a_nonce_asked_for_after_the_header_is_refused():
    request = RequestFactory().get("/tickets/")
    ContentSecurityPolicyMiddleware(_page)(request)
    with pytest.raises(Exception, match="after the CSP header has been written"):
        str(request.csp_nonce)  # type: ignore[attr-defined]


def _with_messages(
    middleware_class: type[MessageMiddleware], view: Callable[[HttpRequest], HttpResponse], cookies: Any
) -> tuple[HttpRequest, HttpResponse]:
    request = RequestFactory().get("/tickets/")
    request.COOKIES.update({name: morsel.value for name, morsel in cookies.items()})
    request.user = AnonymousUser()
    chain = SessionMiddleware(middleware_class(view))
    response: Any = chain(request)
    return request, response


def _adds(request: HttpRequest) -> HttpResponse:
    messages.success(request, "Saved.")
    return HttpResponse("added")


def _reads(request: HttpRequest) -> HttpResponse:
    return HttpResponse(" | ".join(str(m) for m in messages.get_messages(request)))


def _ignores(request: HttpRequest) -> HttpResponse:
    return HttpResponse("nothing")


@pytest.mark.django_db
@pytest.mark.parametrize("middleware_class", [MessageMiddleware, LazyMessageMiddleware])
def test_a_message_added_is_shown_on_the_next_request_and_then_gone(
    middleware_class: type[MessageMiddleware],
):
    _request, added = _with_messages(middleware_class, _adds, {})
    assert "messages" in added.cookies
    # A request in between that does not look at them keeps them for the one that does.
    _request, untouched = _with_messages(middleware_class, _ignores, added.cookies)
    assert "messages" not in untouched.cookies
    _request, shown = _with_messages(middleware_class, _reads, added.cookies)
    assert shown.content == b"Saved."
    assert shown.cookies["messages"].value == ""  # read, so cleared
    _request, again = _with_messages(middleware_class, _reads, shown.cookies)
    assert again.content == b""


@pytest.mark.django_db
def test_a_request_that_never_touches_its_messages_builds_no_storage():
    request, response = _with_messages(LazyMessageMiddleware, _ignores, {})
    assert request._messages._wrapped is empty  # type: ignore[attr-defined]
    assert "messages" not in response.cookies
    _request, added = _with_messages(LazyMessageMiddleware, _adds, {})
    assert added.cookies["messages"].value
