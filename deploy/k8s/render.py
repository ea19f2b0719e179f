"""Render a kustomization of deploy/k8s/ as `kubectl kustomize` does, in Python, for CI.

Only what these manifests use: `resources` (files and folders with a kustomization), `namespace`,
`labels` (metadata only), `configMapGenerator` (files, with kustomize's content-hash suffix and the
references to it rewritten), `images`, and `patches` by path (strategic merge: maps merge, lists of
named items merge by name, other lists are replaced). Anything else in a kustomization is refused, so
a manifest never silently renders differently here and under kustomize; tests/ops/test_k8s_manifests.py
compares the two when kubectl is installed.

usage: python deploy/k8s/render.py deploy/k8s/overlays/production
"""

import copy
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import yaml

Resource = dict[str, Any]
SUPPORTED = {
    "apiVersion",
    "kind",
    "resources",
    "namespace",
    "labels",
    "configMapGenerator",
    "images",
    "patches",
}
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass"}


class KustomizationError(Exception):
    pass


def load_documents(path: Path) -> list[Resource]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def render(folder: Path) -> list[Resource]:
    """The resources `kubectl kustomize folder` prints, in the order they were declared."""
    config = yaml.safe_load((folder / "kustomization.yaml").read_text())
    unknown = set(config) - SUPPORTED
    if unknown:
        raise KustomizationError(f"{folder}: unsupported fields {sorted(unknown)}")
    resources: list[Resource] = []
    for entry in config.get("resources", []):
        path = folder / entry
        resources += render(path) if path.is_dir() else load_documents(path)
    renames: dict[str, str] = {}
    for generator in config.get("configMapGenerator", []):
        configmap = _generate_configmap(folder, generator)
        renames[generator["name"]] = configmap["metadata"]["name"]
        resources.append(configmap)
    for patch in config.get("patches", []):
        if set(patch) != {"path"}:
            raise KustomizationError(f"{folder}: only patches by path are supported: {patch}")
        for change in load_documents(folder / patch["path"]):
            _apply_patch(resources, change)
    for labels in config.get("labels", []):
        if labels.get("includeSelectors") or labels.get("includeTemplates"):
            raise KustomizationError(f"{folder}: labels apply to metadata only here")
        for resource in resources:
            resource.setdefault("metadata", {}).setdefault("labels", {}).update(labels["pairs"])
    for image in config.get("images", []):
        for resource in resources:
            _set_image(resource, image)
    if "namespace" in config:
        for resource in resources:
            if resource["kind"] not in CLUSTER_SCOPED:
                resource["metadata"]["namespace"] = config["namespace"]
    for resource in resources:
        _rename_configmap_references(resource, renames)
    return resources


def _generate_configmap(folder: Path, generator: dict[str, Any]) -> Resource:
    if set(generator) - {"name", "files"}:
        raise KustomizationError(f"{folder}: only configMapGenerator files are supported")
    data = {}
    for entry in generator["files"]:
        key, _, path = entry.rpartition("=")
        data[key or Path(path).name] = (folder / path).read_text()
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": f"{generator['name']}-{configmap_hash(data)}"},
        "data": data,
    }


def configmap_hash(data: dict[str, str]) -> str:
    """kustomize's suffix: SHA-256 of the ConfigMap as Go's json.Marshal writes it (sorted keys, HTML
    characters escaped), its first ten hex digits with some made letters so it never reads as a number.
    The name it hashes is always empty: kustomize looks up "metadata/name" as one key, finds nothing."""
    document = {"data": data, "kind": "ConfigMap", "name": ""}
    encoded = json.dumps(document, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    escapes = (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    )
    for char, escape in escapes:
        encoded = encoded.replace(char, escape)
    digest = hashlib.sha256(encoded.encode()).hexdigest()[:10]
    return digest.translate(str.maketrans("013ae", "ghkmt"))


def _apply_patch(resources: list[Resource], change: Resource) -> None:
    name = change["metadata"]["name"]
    targets = [r for r in resources if r["kind"] == change["kind"] and r["metadata"]["name"] == name]
    if len(targets) != 1:
        raise KustomizationError(f"patch of {change['kind']}/{name} matches {len(targets)} resources")
    merged = strategic_merge(targets[0], change)
    targets[0].clear()
    targets[0].update(merged)


def strategic_merge(base: Any, change: Any) -> Any:
    if isinstance(base, dict) and isinstance(change, dict):
        merged = copy.deepcopy(base)
        for key, value in change.items():
            merged[key] = strategic_merge(base[key], value) if key in base else copy.deepcopy(value)
        return merged
    if isinstance(base, list) and isinstance(change, list) and _named(base) and _named(change):
        merged_list = copy.deepcopy(base)
        for item in change:
            same = [i for i, old in enumerate(merged_list) if old["name"] == item["name"]]
            if same:
                merged_list[same[0]] = strategic_merge(merged_list[same[0]], item)
            else:
                merged_list.append(copy.deepcopy(item))
        return merged_list
    return copy.deepcopy(change)


def _named(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(item, dict) and "name" in item for item in items)


def _pod_specs(resource: Resource) -> list[dict[str, Any]]:
    spec = resource.get("spec", {})
    if resource["kind"] in ("Deployment", "StatefulSet", "DaemonSet", "Job"):
        return [spec["template"]["spec"]]
    if resource["kind"] == "CronJob":
        return [spec["jobTemplate"]["spec"]["template"]["spec"]]
    return []


def _set_image(resource: Resource, image: dict[str, str]) -> None:
    for pod in _pod_specs(resource):
        for container in pod.get("containers", []) + pod.get("initContainers", []):
            name, _, tag = container["image"].partition(":")
            if name != image["name"]:
                continue
            tag = image.get("newTag", tag)
            container["image"] = image.get("newName", name) + (f":{tag}" if tag else "")


def _rename_configmap_references(resource: Resource, renames: dict[str, str]) -> None:
    def rename(holder: dict[str, Any] | None) -> None:
        if holder and holder.get("name") in renames:
            holder["name"] = renames[holder["name"]]

    for pod in _pod_specs(resource):
        for volume in pod.get("volumes", []):
            rename(volume.get("configMap"))
            for source in volume.get("projected", {}).get("sources", []):
                rename(source.get("configMap"))
        for container in pod.get("containers", []) + pod.get("initContainers", []):
            for source in container.get("envFrom", []):
                rename(source.get("configMapRef"))
            for variable in container.get("env", []):
                rename(variable.get("valueFrom", {}).get("configMapKeyRef"))


if __name__ == "__main__":
    print(yaml.safe_dump_all(render(Path(sys.argv[1])), sort_keys=False), end="")
