"""The Tier 0 page: admins choose per channel whether tier 0 answers and in which languages (audited,
before and after); supervisors read it; every intent shows its calibrated threshold and precision, the
live figures of the period, and the articles it answers with (linked to their editor); a chart of
answered against handed off per day; the page costs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from assistant import report
from assistant.answers import INTENT_ARTICLES
from assistant.config import ChannelSpec, channel_settings_save
from assistant.models import ChannelSetting, DecisionKind, Outcome
from assistant.services import assessment_correct, channel_allows
from audit.models import AuditEvent
from helpdesk.errors import DomainError
from knowledgebase.services import article_create, category_upsert
from tests.assistant.tier0_rows import assessment_row
from tests.factories import make_agent, make_ticket
from tickets.models import Channel

pytestmark = pytest.mark.django_db

# Every channel a ticket can come from, the messaging channels included: the form has a row for each.
CHANNELS = list(Channel.values)


@pytest.fixture(autouse=True)
def no_calibration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "calibration.json"
    monkeypatch.setattr(report, "CALIBRATION_FILE", path)
    return path


@pytest.fixture
def admin(db: None) -> Any:
    return make_agent(username="ada", role="admin")


@pytest.fixture
def admin_client(admin: Any) -> Client:
    client = Client()
    client.force_login(admin)
    return client


def _form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for channel in CHANNELS:
        data[f"answers_{channel}"] = "on"
        data[f"languages_{channel}"] = ""
    for key, value in changes.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    return data


def _row(page: str, intent: str) -> str:
    match = re.search(rf'<tr data-intent="{intent}">.*?</tr>', page, re.S)
    assert match, intent
    return match.group(0)


def _cells(row: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_an_admin_turns_answers_off_on_a_channel_and_limits_another_to_languages(admin_client: Client, admin):
    response = admin_client.post(
        "/assistant/settings/", _form(answers_chat=None, languages_email="PT, en;es")
    )
    assert response.status_code == 302
    chat, email = ChannelSetting.objects.get(channel="chat"), ChannelSetting.objects.get(channel="email")
    assert (chat.answers_enabled, chat.languages, chat.updated_by) == (False, [], admin)
    assert (email.answers_enabled, email.languages) == (True, ["en", "es", "pt"])
    assert ChannelSetting.objects.count() == 2  # the untouched channels keep their default, unsaved

    assert not channel_allows("chat", "en")
    assert channel_allows("email", "pt") and not channel_allows("email", "de")
    assert channel_allows("web", "de")

    events = {
        (e.after or {})["channel"]: e
        for e in AuditEvent.objects.filter(action="tier0.channel_setting.updated")
    }
    assert set(events) == {"chat", "email"}
    assert events["chat"].actor == admin
    assert events["chat"].before == {"channel": "chat", "answers_enabled": True, "languages": []}
    assert events["chat"].after == {"channel": "chat", "answers_enabled": False, "languages": []}
    assert (events["email"].after or {})["languages"] == ["en", "es", "pt"]

    page = admin_client.get("/assistant/settings/").content.decode()
    assert "Saved: chat, email." in page
    assert 'name="languages_email" value="en, es, pt"' in page


def test_saving_unchanged_settings_writes_and_audits_nothing(admin_client: Client):
    admin_client.post("/assistant/settings/", _form(answers_chat=None))
    before = AuditEvent.objects.count()
    response = admin_client.post("/assistant/settings/", _form(answers_chat=None), follow=True)
    assert "Nothing changed." in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_a_language_that_is_not_a_two_letter_code_is_refused(admin_client: Client):
    response = admin_client.post("/assistant/settings/", _form(languages_chat="en, portuguese"))
    assert response.status_code == 400
    assert "Use two-letter language codes such as en or pt; not: portuguese." in response.content.decode()
    assert not ChannelSetting.objects.exists() and not AuditEvent.objects.exists()


def test_a_supervisor_reads_the_settings_without_a_form_and_cannot_post(supervisor: Any, admin: Any):
    channel_settings_save(actor=admin, specs=[ChannelSpec(channel="social", answers_enabled=False)])
    client = Client()
    client.force_login(supervisor)
    page = client.get("/assistant/settings/").content.decode()
    social = re.search(r'<tr data-channel="social">.*?</tr>', page, re.S)
    assert social and "no (triage and routing only)" in social.group(0)
    assert 'name="answers_chat"' not in page and "Admins change these." in page
    assert client.post("/assistant/settings/", _form()).status_code == 403
    assert ChannelSetting.objects.get().answers_enabled is False


def test_the_service_refuses_anyone_but_an_admin_and_unknown_channels(supervisor: Any, admin: Any):
    with pytest.raises(DomainError) as refused:
        channel_settings_save(actor=supervisor, specs=[ChannelSpec(channel="chat", answers_enabled=False)])
    assert refused.value.code == "forbidden"
    with pytest.raises(DomainError) as unknown:
        channel_settings_save(actor=admin, specs=[ChannelSpec(channel="fax", answers_enabled=False)])
    assert "fax" in unknown.value.message
    assert not ChannelSetting.objects.exists()


def test_every_intent_shows_its_calibration_when_the_engine_has_written_it(
    admin_client: Client, no_calibration
):
    no_calibration.write_text(
        json.dumps(
            {
                "trained_on": {"examples": 1600, "languages": 14, "bank_sha256": "ab" * 32},
                "intents": {
                    "fees_info": {"threshold": 0.37, "precision": 0.973, "answered": 71, "support": 80}
                },
                "overall": {"precision": 0.96, "deflection": 0.41},
            }
        )
    )
    page = admin_client.get("/assistant/settings/").content.decode()
    assert page.count("<tr data-intent=") == 39
    assert _cells(_row(page, "fees_info"))[:5] == ["general", "0.37", "97%", "71", "80"]
    assert _cells(_row(page, "legal_threat"))[:5] == ["executive", "—", "—", "—", "—"]
    assert "examples 1600" in page and "deflection <strong>41.0%</strong>" in page
    assert 'data-calibration="missing"' not in page and "ab" * 32 not in page


def test_a_missing_or_broken_calibration_file_is_said_plainly(admin_client: Client, no_calibration):
    page = admin_client.get("/assistant/settings/").content.decode()
    assert 'data-calibration="missing"' in page and "manage.py tier0_train" in page
    no_calibration.write_text("{not json")
    page = admin_client.get("/assistant/settings/").content.decode()
    assert 'data-calibration="unreadable"' in page


def test_the_live_figures_count_the_period_per_intent(admin_client: Client):
    def row(**fields: Any) -> None:
        assessment_row(make_ticket(), **fields)

    row(intent="fees_info", outcome=Outcome.SOLVED)
    row(intent="fees_info", outcome=Outcome.CAME_BACK)
    row(intent="fees_info", outcome=Outcome.PERSON, corrected_intent="withdrawal_limits_info")
    row(intent="fees_info", decision=DecisionKind.HANDOFF, article="", ago=dt.timedelta(days=3))
    row(intent="fees_info", ago=dt.timedelta(days=20))
    row(intent="account_hacked", decision=DecisionKind.HANDOFF, article="")
    page = admin_client.get("/assistant/settings/").content.decode()
    # read, answered, solved, came back, asked for a person, corrected
    assert _cells(_row(page, "fees_info"))[5:11] == ["4", "3", "1", "1", "1", "1"]
    assert _cells(_row(page, "account_hacked"))[5:11] == ["1", "0", "0", "0", "0", "0"]
    page = admin_client.get("/assistant/settings/?days=30").content.decode()
    assert _cells(_row(page, "fees_info"))[5:7] == ["5", "4"]


def test_the_chart_draws_answered_and_handed_off_per_day(admin_client: Client):
    for _ in range(3):
        assessment_row(make_ticket())
    assessment_row(make_ticket(), decision=DecisionKind.HANDOFF, article="")
    page = admin_client.get("/assistant/settings/").content.decode()
    chart = page[
        page.index('<svg class="tier0-chart"') : page.index("</svg>", page.index('<svg class="tier0-chart"'))
    ]
    assert re.search(r'<rect class="bar-answered"[^>]*width="420.0"', chart)
    assert re.search(r'<rect class="bar-handoff"[^>]*width="140.0"', chart)
    assert "Tier 0 read no message in this period." not in page


def test_answerable_intents_link_their_articles_to_the_knowledge_base_editor(admin_client: Client):
    category, _created = category_upsert(slug="fees", names={"en": "Fees"}, descriptions={})
    slug = INTENT_ARTICLES["fees_info"][0]
    article = article_create(slug=slug, category=category, actor=None)
    page = admin_client.get("/assistant/settings/").content.decode()
    fees = _row(page, "fees_info")
    assert f'<a href="/admin/knowledgebase/article/{article.pk}/change/">{slug}</a>' in fees
    missing = INTENT_ARTICLES["fees_info"][1]
    assert f'title="No article with this slug in the knowledge base">{missing}</span>' in fees
    assert "always a person" in _row(page, "account_hacked")


def test_the_settings_page_costs_the_same_queries_however_many_assessments(admin_client: Client):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get("/assistant/settings/").status_code == 200
        return len(queries)

    empty = count()
    for n in range(12):
        assessment_row(
            make_ticket(),
            intent=["fees_info", "staking_info", "account_hacked"][n % 3],
            ago=dt.timedelta(days=n % 5),
        )
    # The session and the user, the channel settings, the live figures per intent, the articles'
    # editor links, the chart's days, and the presence the top bar shows.
    assert count() == empty == 7


def test_the_examples_page_counts_corrections_per_intent_and_says_how_to_retrain(
    admin_client: Client, agent_client: Client, agent: Any
):
    for intent in ("staking_info", "staking_info", "fees_info"):
        assessment_correct(assessment=assessment_row(make_ticket()), intent=intent, actor=agent)
    page = admin_client.get("/assistant/examples/").content.decode()
    counts = re.findall(r'<tr data-intent="(\w+)"><td>[^<]*</td><td class="num">(\d+)</td>', page)
    assert counts == [("staking_info", "2"), ("fees_info", "1")]
    assert "manage.py tier0_train" in page
    assert page.count("<tr data-example=") == 3
    assert agent_client.get("/assistant/examples/").status_code == 403


def test_the_supervise_menu_leads_supervisors_to_tier_0_and_agents_do_not_see_it(
    supervisor: Any, agent_client: Client
):
    client = Client()
    client.force_login(supervisor)
    page = client.get("/assistant/settings/").content.decode()
    assert '<a href="/assistant/settings/" aria-current="page">Tier 0</a>' in page
    assert 'href="/assistant/settings/"' not in agent_client.get("/tickets/").content.decode()


def test_a_channel_setting_changed_in_the_django_admin_is_audited_through_the_service(admin: Any):
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    response = client.post(
        "/admin/assistant/channelsetting/add/",
        {"channel": Channel.PHONE, "languages": "en", "audit_reason": "phone in English only"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    setting = ChannelSetting.objects.get()
    assert (setting.channel, setting.answers_enabled, setting.languages) == ("phone", False, ["en"])
    event = AuditEvent.objects.get(action="tier0.channel_setting.updated")
    assert event.reason == "phone in English only" and event.actor == admin
    assert client.get("/admin/assistant/assessment/add/").status_code == 403


def test_the_django_admin_lists_tier0_rows_and_removing_an_example_is_audited(admin: Any, agent: Any):
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    assessment = assessment_row(make_ticket())
    assessment_correct(assessment=assessment, intent="staking_info", actor=agent)
    for model in ("assessment", "channelsetting", "example"):
        assert client.get(f"/admin/assistant/{model}/").status_code == 200, model
    assert client.get(f"/admin/assistant/assessment/{assessment.pk}/change/").status_code == 200
    example = assessment.example
    response = client.post(
        f"/admin/assistant/example/{example.pk}/delete/", {"post": "yes", "audit_reason": "mislabelled"}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="assistant.example.deleted")
    assert event.reason == "mislabelled" and (event.before or {})["intent"] == "staking_info"
