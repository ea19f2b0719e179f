"""deploy/k8s/: every overlay renders (deploy/k8s/render.py, as `kubectl kustomize` does), every
manifest it renders passes the Kubernetes schema with no unknown field (kubernetes-validate, whose
schemas ship in the wheel: it runs with no network), and the pieces fit together as docs/scaling.md
says: probes the app answers, one beat, /ws/ to the websocket servers, budgets and autoscalers that
select the pods they mean."""

import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from django.conf import settings
from django.urls import resolve

ROOT = Path(settings.BASE_DIR)
K8S = ROOT / "deploy" / "k8s"
sys.path.insert(0, str(K8S))
from render import render  # noqa: E402

# The oldest Kubernetes minor release still supported upstream when these were written.
KUBERNETES_VERSION = "1.31"
OVERLAYS = sorted(path.parent for path in (K8S / "overlays").glob("*/kustomization.yaml"))
APP_IMAGE = "cryptodesk"
# Made by the operators, never committed (docs/scaling.md lists their keys).
OPERATOR_SECRETS = {"helpdesk-secrets", "pgbouncer-userlist", "helpdesk-tls"}
Manifests = dict[tuple[str, str], dict[str, Any]]


def by_key(resources: list[dict[str, Any]]) -> Manifests:
    keyed = {(r["kind"], r["metadata"]["name"]): r for r in resources}
    assert len(keyed) == len(resources), "two resources of one kind share a name"
    return keyed


@pytest.fixture(scope="module", params=[K8S / "base", *OVERLAYS], ids=lambda p: p.name)
def manifests(request: pytest.FixtureRequest) -> Manifests:
    return by_key(render(request.param))


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the validator tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield


def of_kind(manifests: Manifests, kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for (k, name), r in manifests.items() if k == kind}


def pod_labels(workload: dict[str, Any]) -> dict[str, str]:
    return dict(workload["spec"]["template"]["metadata"]["labels"])


def containers(workload: dict[str, Any]) -> list[dict[str, Any]]:
    return list(workload["spec"]["template"]["spec"]["containers"])


def selects(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(key) == value for key, value in selector.items())


def test_there_is_a_production_overlay() -> None:
    """Every folder under overlays/ with a kustomization is checked below; production must be one."""
    assert "production" in [path.name for path in OVERLAYS]


def test_every_manifest_of_every_overlay_passes_the_kubernetes_schema_offline(
    manifests: Manifests, no_network: None
) -> None:
    for (kind, name), resource in manifests.items():
        try:
            kubernetes_validate.validate(resource, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{kind}/{name}: {'.'.join(map(str, exc.path))}: {exc.message}")


def test_the_validator_refuses_a_misspelt_field(no_network: None) -> None:
    """The check above can fail: a typo in a probe is an unknown field."""
    web = by_key(render(K8S / "base"))[("Deployment", "web")]
    web["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["periodSecond"] = 10
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(web, KUBERNETES_VERSION, strict=True)


@pytest.mark.parametrize("folder", [K8S / "base", *OVERLAYS], ids=lambda p: p.name)
def test_the_python_rendering_is_what_kubectl_kustomize_prints(folder: Path) -> None:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed; the schema checks above ran on the Python rendering")
    printed = subprocess.run([kubectl, "kustomize", str(folder)], capture_output=True, text=True, check=True)
    assert by_key([d for d in yaml.safe_load_all(printed.stdout) if d]) == by_key(render(folder))


def test_the_app_processes_run_what_docker_compose_runs(manifests: Manifests) -> None:
    deployments = of_kind(manifests, "Deployment")
    assert set(deployments) == {"web", "websocket", "worker", "beat", "pgbouncer"}
    command = {name: " ".join(containers(d)[0]["command"]) for name, d in deployments.items()}
    assert command["web"].startswith("gunicorn helpdesk.wsgi")
    assert command["websocket"].startswith("uvicorn helpdesk.asgi:application")
    assert " worker " in f"{command['worker']} " and command["worker"].startswith("celery")
    assert " beat " in command["beat"] and "DatabaseScheduler" in command["beat"]
    assert command["pgbouncer"] == "pgbouncer /etc/pgbouncer/pgbouncer.ini"
    for name in ("web", "websocket", "worker", "beat"):
        assert containers(deployments[name])[0]["image"].split(":")[0].endswith(APP_IMAGE), name


def test_there_is_exactly_one_beat_replaced_by_recreating_it(manifests: Manifests) -> None:
    beat = manifests[("Deployment", "beat")]
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}
    targets = {
        h["spec"]["scaleTargetRef"]["name"] for h in of_kind(manifests, "HorizontalPodAutoscaler").values()
    }
    assert "beat" not in targets
    budgets = of_kind(manifests, "PodDisruptionBudget").values()
    assert not any(selects(b["spec"]["selector"]["matchLabels"], pod_labels(beat)) for b in budgets)


def test_probes_ask_the_app_for_pages_it_serves(manifests: Manifests) -> None:
    """Readiness is /healthz (the database answers), liveness /livez (the process answers)."""
    assert (ROOT / "deploy" / "healthcheck.py").is_file()
    for name in ("web", "websocket"):
        container = containers(manifests[("Deployment", name)])[0]
        port = container["ports"][0]["containerPort"]
        for probe, path in (
            ("readinessProbe", "/healthz"),
            ("livenessProbe", "/livez"),
            ("startupProbe", "/livez"),
        ):
            assert container[probe]["exec"]["command"] == [
                "python",
                "deploy/healthcheck.py",
                f"http://127.0.0.1:{port}{path}",
            ], (name, probe)
            assert resolve(path).url_name == path.strip("/")
    for name in ("worker", "beat"):
        assert "livenessProbe" in containers(manifests[("Deployment", name)])[0], name
    pgbouncer = containers(manifests[("Deployment", "pgbouncer")])[0]
    assert pgbouncer["readinessProbe"]["tcpSocket"]["port"] == "postgres"


def test_every_container_asks_for_resources_and_is_bounded_in_memory(manifests: Manifests) -> None:
    workloads = [*of_kind(manifests, "Deployment").values(), *of_kind(manifests, "Job").values()]
    for workload in workloads:
        for container in containers(workload):
            resources = container["resources"]
            assert {"cpu", "memory"} <= set(resources["requests"]), workload["metadata"]["name"]
            assert "memory" in resources["limits"], workload["metadata"]["name"]


def test_the_ingress_sends_ws_to_the_websocket_servers_and_everything_else_to_gunicorn(
    manifests: Manifests,
) -> None:
    routes = {}
    for ingress in of_kind(manifests, "Ingress").values():
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                routes[path["path"]] = path["backend"]["service"]
    assert {path: service["name"] for path, service in routes.items()} == {"/": "web", "/ws/": "websocket"}
    services = of_kind(manifests, "Service")
    for service in routes.values():
        port_names = {port["name"] for port in services[service["name"]]["spec"]["ports"]}
        assert service["port"]["name"] in port_names
    timeouts = {
        ingress["spec"]["rules"][0]["http"]["paths"][0]["path"]: int(
            ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-read-timeout"]
        )
        for ingress in of_kind(manifests, "Ingress").values()
    }
    # A quiet chat keeps its socket as deploy/nginx.conf lets it (1 h); pages time out as there (60 s).
    assert timeouts == {"/": 60, "/ws/": 3600}


def test_services_budgets_and_autoscalers_select_the_pods_they_mean(manifests: Manifests) -> None:
    deployments = of_kind(manifests, "Deployment")
    for name, service in of_kind(manifests, "Service").items():
        if service["spec"].get("type") == "ExternalName":
            continue
        chosen = [d for d, w in deployments.items() if selects(service["spec"]["selector"], pod_labels(w))]
        assert chosen == [name], (name, chosen)
    budgets = of_kind(manifests, "PodDisruptionBudget")
    assert set(budgets) == {"web", "websocket", "worker", "pgbouncer"}
    for name, budget in budgets.items():
        chosen = [
            d
            for d, w in deployments.items()
            if selects(budget["spec"]["selector"]["matchLabels"], pod_labels(w))
        ]
        assert chosen == [name], (name, chosen)
    autoscalers = of_kind(manifests, "HorizontalPodAutoscaler")
    assert {h["spec"]["scaleTargetRef"]["name"] for h in autoscalers.values()} == {
        "web",
        "websocket",
        "worker",
    }
    for name, autoscaler in autoscalers.items():
        assert "replicas" not in deployments[name]["spec"], f"{name}: the autoscaler owns the count"
        assert 2 <= autoscaler["spec"]["minReplicas"] < autoscaler["spec"]["maxReplicas"]
    metrics = {name: [m["type"] for m in h["spec"]["metrics"]] for name, h in autoscalers.items()}
    assert metrics == {"web": ["Resource"], "websocket": ["Resource"], "worker": ["External", "Resource"]}
    queue = autoscalers["worker"]["spec"]["metrics"][0]["external"]["metric"]
    assert queue == {"name": "celery_queue_length", "selector": {"matchLabels": {"queue": "celery"}}}


def test_every_config_and_secret_a_pod_reads_is_rendered_or_made_by_the_operators(
    manifests: Manifests,
) -> None:
    configmaps = set(of_kind(manifests, "ConfigMap"))
    claims = set(of_kind(manifests, "PersistentVolumeClaim"))
    workloads = [*of_kind(manifests, "Deployment").values(), *of_kind(manifests, "Job").values()]
    for workload in workloads:
        pod = workload["spec"]["template"]["spec"]
        for container in pod["containers"]:
            for source in container.get("envFrom", []):
                if "configMapRef" in source:
                    assert source["configMapRef"]["name"] in configmaps
                else:
                    assert source["secretRef"]["name"] in OPERATOR_SECRETS
        for volume in pod.get("volumes", []):
            if "persistentVolumeClaim" in volume:
                assert volume["persistentVolumeClaim"]["claimName"] in claims
            for source in volume.get("projected", {}).get("sources", []):
                if "configMap" in source:
                    assert source["configMap"]["name"] in configmaps
                else:
                    assert source["secret"]["name"] in OPERATOR_SECRETS
    for ingress in of_kind(manifests, "Ingress").values():
        assert {tls["secretName"] for tls in ingress["spec"]["tls"]} <= OPERATOR_SECRETS


def test_the_app_goes_through_pgbouncer_and_migrations_do_not(manifests: Manifests) -> None:
    config = manifests[("ConfigMap", "helpdesk-config")]["data"]
    assert config["PGBOUNCER"] == "1"
    assert config["DJANGO_ENV"] == "production"
    [pgbouncer_ini] = [
        cm["data"]["pgbouncer.ini"]
        for (kind, name), cm in manifests.items()
        if name.startswith("pgbouncer-config-")
    ]
    assert pgbouncer_ini == (ROOT / "deploy" / "pgbouncer" / "pgbouncer.ini").read_text()
    assert "\npool_mode = transaction\n" in pgbouncer_ini
    migrate = containers(manifests[("Job", "migrate")])[0]
    env = {variable["name"]: variable for variable in migrate["env"]}
    assert env["DATABASE_URL"]["valueFrom"]["secretKeyRef"] == {
        "name": "helpdesk-secrets",
        "key": "DATABASE_DIRECT_URL",
    }
    assert env["PGBOUNCER"]["value"] == "0"
    assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"]


def test_the_production_overlay_pins_images_and_names_its_namespace() -> None:
    for overlay in OVERLAYS:
        manifests = by_key(render(overlay))
        namespace = next(iter(of_kind(manifests, "Namespace")))
        for (kind, name), resource in manifests.items():
            if kind != "Namespace":
                assert resource["metadata"]["namespace"] == namespace, (kind, name)
        for workload in [*of_kind(manifests, "Deployment").values(), *of_kind(manifests, "Job").values()]:
            for container in containers(workload):
                tag = container["image"].rpartition(":")[2]
                assert ":" in container["image"] and tag != "latest", (overlay.name, container["image"])
