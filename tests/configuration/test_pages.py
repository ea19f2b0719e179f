"""The configuration pages: the rule editor's condition builder and dry run, the schedule's checks, and
what supervisors (read) and admins (change) find there."""

from django.test import Client
from django.urls import reverse

from routing.models import RoutingRule, Shift
from tests.factories import make_customer, make_team, make_ticket


def rule_post(**extra: object) -> dict[str, object]:
    """A rule as the editor posts it: VIP 2 or 3 with a withdrawal of at least 10,000 USD pending."""
    return {
        "name": "Big VIP withdrawals",
        "is_active": "on",
        "team": "vip-desk",
        "priority": "high",
        "tags": "vip, withdrawal",
        "c-count": "2",
        "c-0-field": "vip_level",
        "c-0-op": "in",
        "c-0-value": ["vip2", "vip3"],
        "c-1-field": "pending_withdrawal_usd",
        "c-1-op": "gte",
        "c-1-value": "10000",
        **extra,
    }


def test_an_admin_saves_a_rule_from_condition_rows_and_the_rule_holds_the_engines_json(
    admin_client: Client,
) -> None:
    make_team(name="VIP desk", slug="vip-desk", tier=3)
    response = admin_client.post(reverse("configuration:rule-create"), rule_post())
    assert response.status_code == 302
    rule = RoutingRule.objects.get()
    assert rule.conditions == [
        {"field": "vip_level", "op": "in", "value": ["vip2", "vip3"]},
        {"field": "pending_withdrawal_usd", "op": "gte", "value": 10000},
    ]
    assert rule.actions == {"team": "vip-desk", "priority": "high", "tags": ["vip", "withdrawal"]}


def test_a_row_the_engine_refuses_keeps_the_form_with_its_message(admin_client: Client) -> None:
    make_team(name="VIP desk", slug="vip-desk", tier=3)
    response = admin_client.post(reverse("configuration:rule-create"), rule_post(**{"c-1-value": "lots"}))
    assert response.status_code == 400
    assert "condition 2: &#x27;lots&#x27; is not a number" in response.content.decode()
    assert not RoutingRule.objects.exists()


def test_the_dry_run_shows_which_recent_tickets_the_rule_catches_and_where_they_go(
    admin_client: Client,
) -> None:
    make_team(name="VIP desk", slug="vip-desk", tier=3)
    rich = make_customer(vip_level="vip3", pending_withdrawal_usd=25000)
    caught = make_ticket(customer=rich, subject="Where is my 25k")
    missed = make_ticket(customer=make_customer(), subject="Small deposit")
    page = admin_client.post(reverse("configuration:rule-builder"), rule_post()).content.decode()
    assert "Catches 1 of the 2 tickets below." in page
    assert f'<tr class="caught" data-ticket="{caught.reference}">' in page
    assert f'<tr class="" data-ticket="{missed.reference}">' in page
    assert "VIP desk" in page and 'hx-swap-oob="true"' in page
    # Loosen the threshold: both are caught now.
    looser = admin_client.post(
        reverse("configuration:rule-builder"), rule_post(**{"c-count": "1"})
    ).content.decode()
    assert "Catches 1 of the 2 tickets below." in looser  # the other customer is not a VIP
    everyone = admin_client.post(reverse("configuration:rule-builder"), rule_post(**{"c-count": "0"}))
    assert "Catches 2 of the 2 tickets below." in everyone.content.decode()


def test_the_builder_adds_and_removes_rows_and_offers_the_operators_of_the_chosen_fact(
    admin_client: Client,
) -> None:
    url = reverse("configuration:rule-builder")
    added = admin_client.post(url, rule_post(add="1")).content.decode()
    assert 'name="c-2-field"' in added and 'name="c-2-op"' not in added
    removed = admin_client.post(url, rule_post(remove="0")).content.decode()
    assert 'name="c-1-field"' not in removed
    assert '<option value="pending_withdrawal_usd" selected>' in removed
    assert 'type="number"' in removed
    # A fact changed under an operator it does not take gets its own first operator and widget.
    switched = admin_client.post(url, rule_post(**{"c-1-field": "subject"})).content.decode()
    assert 'name="c-1-value" class="cond-value" type="text"' in switched
    assert '<option value="contains"' in switched and '<option value="gte"' not in switched


def test_rules_are_reordered_and_disabled_from_the_list(admin_client: Client) -> None:
    first = RoutingRule.objects.create(position=1, name="First", conditions=[], actions={"tier": 1})
    second = RoutingRule.objects.create(position=2, name="Second", conditions=[], actions={"tier": 2})
    admin_client.post(reverse("configuration:rule-move", args=[second.pk]), {"direction": "up"})
    assert list(RoutingRule.objects.order_by("position").values_list("name", flat=True)) == [
        "Second",
        "First",
    ]
    admin_client.post(reverse("configuration:rule-toggle", args=[first.pk]))
    first.refresh_from_db()
    assert not first.is_active
    page = admin_client.get(reverse("configuration:rule-list")).content.decode()
    assert page.index('data-rule="Second"') < page.index('data-rule="First"') and "disabled" in page


def schedule_post(**extra: str) -> dict[str, str]:
    return {
        "time_zone": "Europe/Berlin",
        "shifts-TOTAL_FORMS": "2",
        "shifts-INITIAL_FORMS": "0",
        "shifts-0-weekday": "0",
        "shifts-0-start": "09:00",
        "shifts-0-end": "17:00",
        "shifts-1-weekday": "0",
        "shifts-1-start": "16:00",
        "shifts-1-end": "20:00",
        "holidays-TOTAL_FORMS": "0",
        "holidays-INITIAL_FORMS": "0",
        **extra,
    }


def test_the_schedule_page_refuses_overlapping_shifts_and_unknown_zones_in_words(
    admin_client: Client,
) -> None:
    team = make_team(name="Wallets", slug="wallets")
    url = reverse("configuration:team-schedule", args=[team.pk])
    overlap = admin_client.post(url, schedule_post())
    assert overlap.status_code == 400
    assert "These shifts overlap: Monday 09:00-17:00 and Monday 16:00-20:00" in overlap.content.decode()
    zone = admin_client.post(url, schedule_post(**{"time_zone": "Europe/Berlinn", "shifts-1-start": "17:00"}))
    assert (
        "Europe/Berlinn is not a time zone; use an IANA name such as Europe/Berlin." in zone.content.decode()
    )
    saved = admin_client.post(url, schedule_post(**{"shifts-1-start": "17:00"}))
    assert saved.status_code == 302
    assert Shift.objects.filter(team=team).count() == 2


def test_supervisors_read_the_lists_without_the_links_to_change_them(supervisor_client: Client) -> None:
    team = make_team(name="Wallets", slug="wallets")
    page = supervisor_client.get(reverse("configuration:team-list")).content.decode()
    assert "Wallets" in page and reverse("configuration:team-edit", args=[team.pk]) not in page
    assert supervisor_client.get(reverse("configuration:team-edit", args=[team.pk])).status_code == 403


def test_the_home_links_every_section_and_the_macros(admin_client: Client) -> None:
    page = admin_client.get(reverse("configuration:home")).content.decode()
    for name in (
        "team-list",
        "agent-list",
        "vip-list",
        "account-manager-list",
        "rule-list",
        "sla-policy-list",
        "calendar-list",
    ):
        assert reverse(f"configuration:{name}") in page
    assert reverse("macros:macro-list") in page
    assert reverse("customfields:field-list") in page


def test_editing_a_saved_rule_shows_its_rows_and_runs_it_in_place_of_itself(admin_client: Client) -> None:
    rule = RoutingRule.objects.create(
        position=1,
        name="KYC",
        conditions=[{"field": "category", "op": "eq", "value": "kyc"}],
        actions={"tier": 2, "tags": ["kyc"]},
    )
    make_ticket(subject="Verify me", category="kyc")
    page = admin_client.get(reverse("configuration:rule-edit", args=[rule.pk])).content.decode()
    assert '<option value="category" selected>' in page and '<option value="kyc" selected>' in page
    assert 'value="kyc"' in page  # the tags
    assert "Catches 1 of the 1 tickets below." in page
