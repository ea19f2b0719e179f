"""Channel accounts in the configuration area: admins add, edit, disable them; secrets are write-only
and never reach a page or the audit log; the webhook address is shown to copy; a WhatsApp account's
approved templates are listed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from messaging.fakes.meta import MetaGraphFake, serving
from messaging.models import ChannelAccount, ChannelKind
from messaging.whatsapp_templates import whatsapp_templates_refresh
from tests.factories import make_team

SECRETS = {
    "access_token": "EAAW-very-secret",
    "app_secret": "app-secret-123",
    "verify_token": "verify-me-456",
}


@pytest.fixture(autouse=True)
def _no_templates_of_earlier_tests() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _whatsapp_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "WhatsApp support",
        "language": "en",
        "enabled": "on",
        "cred_phone_number_id": "106540352242922",
        "cred_business_account_id": "102290129340398",
        "cred_api_base": "",
        **{f"cred_{k}": v for k, v in SECRETS.items()},
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _create(client: Client, **overrides: Any) -> Any:
    return client.post(
        reverse("configuration:channel-create") + "?kind=whatsapp", _whatsapp_form(**overrides)
    )


@pytest.mark.django_db
def test_an_admin_adds_a_whatsapp_account_whose_secrets_are_stored_encrypted(admin_client: Client) -> None:
    team = make_team(name="Tier 1", slug="tier-1")
    answer = _create(admin_client, team=str(team.pk))
    account = ChannelAccount.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse(
        "configuration:channel-edit", args=[account.pk]
    )
    assert account.kind == ChannelKind.WHATSAPP and account.team == team and account.enabled
    assert account.credentials["app_secret"] == "app-secret-123"
    with connection.cursor() as cursor:
        cursor.execute("SELECT sealed_credentials FROM messaging_channelaccount WHERE id = %s", [account.pk])
        (stored,) = cursor.fetchone()
    assert stored.startswith("fernet:") and "app-secret-123" not in stored
    event = AuditEvent.objects.get(action="channel_account.created")
    assert event.after is not None
    logged = json.dumps([event.before, event.after])
    assert not any(secret in logged for secret in SECRETS.values())
    assert event.after["credentials"]["app_secret"] == "set"
    assert event.after["credentials"]["phone_number_id"] == "106540352242922"
    assert sorted(event.after["secrets_changed"]) == sorted(SECRETS)


@pytest.mark.django_db
def test_the_edit_page_shows_the_webhook_and_never_a_secret(admin_client: Client, settings: Any) -> None:
    settings.HELPDESK_SITE_URL = "https://desk.example.com"
    _create(admin_client)
    account = ChannelAccount.objects.get()
    page = admin_client.get(reverse("configuration:channel-edit", args=[account.pk])).content.decode()
    assert f"https://desk.example.com/hooks/whatsapp/{account.webhook_key}/" in page
    assert not any(secret in page for secret in SECRETS.values())
    assert "106540352242922" in page  # settings that are not secret are shown
    assert "Stored; leave blank to keep it." in page
    listing = admin_client.get(reverse("configuration:channel-list")).content.decode()
    assert account.webhook_key in listing and not any(secret in listing for secret in SECRETS.values())


@pytest.mark.django_db
def test_a_blank_secret_keeps_the_stored_one_and_a_new_one_is_logged_by_name_only(
    admin_client: Client,
) -> None:
    _create(admin_client)
    account = ChannelAccount.objects.get()
    url = reverse("configuration:channel-edit", args=[account.pk])
    blank = _whatsapp_form(name="WhatsApp EU", cred_access_token="", cred_app_secret="", cred_verify_token="")
    assert admin_client.post(url, blank).status_code == 302
    account.refresh_from_db()
    assert account.name == "WhatsApp EU" and account.credentials["app_secret"] == "app-secret-123"
    renamed = AuditEvent.objects.filter(action="channel_account.updated").latest("id")
    assert renamed.after is not None
    assert renamed.after["secrets_changed"] == [] and renamed.after["name"] == "WhatsApp EU"

    admin_client.post(url, {**blank, "cred_app_secret": "rotated-secret-789"})
    account.refresh_from_db()
    assert account.credentials["app_secret"] == "rotated-secret-789"
    rotated = AuditEvent.objects.filter(action="channel_account.updated").latest("id")
    assert rotated.after is not None
    assert rotated.after["secrets_changed"] == ["app_secret"]
    assert "rotated-secret-789" not in json.dumps([rotated.before, rotated.after])


@pytest.mark.django_db
def test_a_new_account_without_its_secrets_or_with_a_bad_api_address_is_refused(admin_client: Client) -> None:
    missing = _create(admin_client, cred_app_secret="")
    assert missing.status_code == 400 and "app_secret" in missing.content.decode()
    bad = _create(admin_client, cred_api_base="file:///etc/passwd")
    assert bad.status_code == 400 and "not an API address" in bad.content.decode()
    assert (
        not ChannelAccount.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="channel").exists()
    )


@pytest.mark.django_db
def test_a_messenger_account_has_the_human_agent_switch(admin_client: Client) -> None:
    form = {
        "name": "Facebook page",
        "language": "en",
        "enabled": "on",
        "cred_page_id": "1067280970047460",
        "cred_page_access_token": "EAAP-page",
        "cred_app_secret": "s",
        "cred_verify_token": "v",
        "cred_human_agent_tag": "on",
    }
    page = admin_client.get(reverse("configuration:channel-create") + "?kind=messenger").content.decode()
    assert 'type="checkbox" name="cred_human_agent_tag"' in page
    admin_client.post(reverse("configuration:channel-create") + "?kind=messenger", form)
    assert ChannelAccount.objects.get().credentials["human_agent_tag"] == "yes"


@pytest.mark.django_db
def test_disabling_an_account_closes_its_webhook(admin_client: Client, graph_fake: MetaGraphFake) -> None:
    _create(admin_client, cred_verify_token=graph_fake.verify_token)
    account = ChannelAccount.objects.get()
    hook = reverse("messaging:webhook", args=["whatsapp", account.webhook_key])
    challenge = {"hub.mode": "subscribe", "hub.verify_token": graph_fake.verify_token, "hub.challenge": "42"}
    assert Client().get(hook, challenge).content == b"42"
    assert admin_client.post(reverse("configuration:channel-toggle", args=[account.pk])).status_code == 302
    assert Client().get(hook, challenge).status_code == 404
    assert (
        AuditEvent.objects.filter(action="channel_account.disabled", object_id=str(account.pk)).count() == 1
    )
    admin_client.post(reverse("configuration:channel-toggle", args=[account.pk]))
    assert Client().get(hook, challenge).status_code == 200


@pytest.fixture
def graph_fake() -> Iterator[MetaGraphFake]:
    with serving() as fake:
        yield fake


@pytest.mark.django_db
def test_a_whatsapp_accounts_approved_templates_are_listed(
    admin_client: Client, graph_fake: MetaGraphFake
) -> None:
    graph_fake.template_add("case_update", "en_US", "Hello {{1}}, your case {{2}} has news.")
    graph_fake.template_add("case_update", "de", "Hallo {{1}}, Ihr Fall {{2}} hat Neuigkeiten.")
    graph_fake.template_add("rejected_one", status="REJECTED")
    _create(
        admin_client,
        cred_api_base=graph_fake.api_base,
        cred_access_token=graph_fake.access_token,
        cred_business_account_id=graph_fake.business_account_id,
    )
    account = ChannelAccount.objects.get()
    url = reverse("configuration:channel-edit", args=[account.pk])
    assert "Not fetched yet." in admin_client.get(url).content.decode()
    known = whatsapp_templates_refresh(account_id=account.pk)
    assert known is not None and [(t.name, t.language, t.parameter_count) for t in known.templates] == [
        ("case_update", "de", 2),
        ("case_update", "en_US", 2),
    ]
    page = admin_client.get(url).content.decode()
    assert page.count('data-template="case_update"') == 2 and "rejected_one" not in page
    graph_fake.fail_next(503)
    whatsapp_templates_refresh(account_id=account.pk)
    page = admin_client.get(url).content.decode()
    assert "The last fetch failed" in page and page.count('data-template="case_update"') == 2


@pytest.mark.django_db
def test_the_refresh_button_queues_the_fetch_after_commit(
    admin_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    _create(admin_client)
    account = ChannelAccount.objects.get()
    from unittest import mock

    with (
        mock.patch("messaging.whatsapp_templates.whatsapp_templates_refresh_task.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        answer = admin_client.post(reverse("configuration:channel-templates-refresh", args=[account.pk]))
    assert answer.status_code == 302
    delay.assert_called_once_with(account.pk)
    assert AuditEvent.objects.filter(action="channel_account.templates_refresh_requested").count() == 1


@pytest.mark.django_db
def test_supervisors_and_agents_cannot_open_the_channels(supervisor_client: Client, client: Client) -> None:
    assert supervisor_client.get(reverse("configuration:channel-list")).status_code == 403
    assert (
        supervisor_client.post(
            reverse("configuration:channel-create") + "?kind=whatsapp", _whatsapp_form()
        ).status_code
        == 403
    )
    assert not ChannelAccount.objects.exists()


@pytest.mark.django_db
def test_the_channel_list_takes_the_same_statements_for_2_accounts_or_12(admin_client: Client) -> None:
    def grow(start: int, n: int) -> None:
        for i in range(start, start + n):
            account = ChannelAccount(
                kind=ChannelKind.values[i % len(ChannelKind.values)] if i % 6 != 5 else "whatsapp",
                name=f"Account {i}",
                team=make_team(name=f"Team {i}", slug=f"team-{i}"),
            )
            account.credentials = {"app_secret": "s"}
            account.save()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(reverse("configuration:channel-list")).status_code == 200
        return len(queries)

    grow(0, 2)
    few = count()
    grow(2, 10)
    assert count() == few
    # The session and user, then the accounts with their teams in one statement: measured 4 in all.
    print("channel list statements:", few)
    assert few <= 4, few
    whatsapp = ChannelAccount.objects.filter(kind="whatsapp").first()
    assert whatsapp is not None
    with CaptureQueriesContext(connection) as queries:
        assert admin_client.get(reverse("configuration:channel-edit", args=[whatsapp.pk])).status_code == 200
    assert len(queries) <= 6, [q["sql"] for q in queries.captured_queries]
