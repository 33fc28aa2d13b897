#!/usr/bin/env python3
"""Vendors the upstream schemas UpstreamSchemaTest checks every emitted object against.

Writes operator/core/src/test/resources/upstream-schemas/<project>/<version>/<file>. CRD files are
copied verbatim; the Kubernetes OpenAPI v3 documents are trimmed to the component schemas
reachable from the kinds the operator emits (KUBERNETES_KINDS; add a kind there when the
operator starts emitting it) and lose their "paths", which the test does not read.

Each file is read from GitHub at a pinned commit (raw.githubusercontent.com), or, with
--git owner/name=GIT_DIR, from a local clone of that repository. To move to new versions,
change the tag and commit below, run this, run UpstreamSchemaTest, and update SOURCES.md.

  hack/vendor-upstream-schemas.py [--git owner/name=GIT_DIR ...]
"""

import argparse
import json
import pathlib
import subprocess
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "operator/core/src/test/resources/upstream-schemas"

# Kubernetes v1.32: the api/openapi-spec/v3 documents of kubernetes/kubernetes release-1.32,
# as kubectl-validate embeds them (the kubernetes repository is too large to mirror here).
K8S_REPO = "kubernetes-sigs/kubectl-validate"
K8S_COMMIT = "231e3efa7409321bb60dc20ef766be3fc59a9759"  # "feat: k8s v1.32 support"
K8S_DIR = "pkg/openapiclient/builtins/1.32"
KUBERNETES_KINDS = {
    "api/v1": ["ConfigMap", "Secret", "Service", "ServiceAccount", "PersistentVolumeClaim"],
    "apis/apps/v1": ["Deployment", "StatefulSet"],
    "apis/batch/v1": ["Job", "CronJob"],
    "apis/autoscaling/v2": ["HorizontalPodAutoscaler"],
    "apis/networking.k8s.io/v1": ["Ingress", "NetworkPolicy"],
    "apis/policy/v1": ["PodDisruptionBudget"],
    "apis/discovery.k8s.io/v1": ["EndpointSlice"],
}

# (project, version, repository, commit, path): custom resource definitions, kept whole.
CRDS = [
    ("gateway-api", "v1.2.1", "kubernetes-sigs/gateway-api",
     "a8fe5c8732a37ef471d86afaf570ff8ad0ef0221",
     "config/crd/standard/gateway.networking.k8s.io_httproutes.yaml"),
    ("istio", "1.24.6", "istio/api",
     "4933c1da972e2dbb2c63706d2d77076280f95860",
     "kubernetes/customresourcedefinitions.gen.yaml"),
    ("external-secrets", "v0.17.0", "external-secrets/external-secrets",
     "6deca4a6af37f17a4d7c76c091a130564b658db3",
     "config/crds/bases/external-secrets.io_externalsecrets.yaml"),
    ("prometheus-operator", "v0.79.2", "prometheus-operator/prometheus-operator",
     "1d2dca5a93d50fe09d7662860f80448d2e37ff1a",
     "example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml"),
    ("prometheus-operator", "v0.79.2", "prometheus-operator/prometheus-operator",
     "1d2dca5a93d50fe09d7662860f80448d2e37ff1a",
     "example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml"),
    ("cloudnative-pg", "v1.25.1", "cloudnative-pg/cloudnative-pg",
     "c56e00d462c3899ab305540953ec541dfe0f762a",
     "config/crd/bases/postgresql.cnpg.io_clusters.yaml"),
    ("cloudnative-pg", "v1.25.1", "cloudnative-pg/cloudnative-pg",
     "c56e00d462c3899ab305540953ec541dfe0f762a",
     "config/crd/bases/postgresql.cnpg.io_poolers.yaml"),
    # cert-manager v1.15.5, the oldest release the operator supports: its deploy/crds files carry
    # Helm markers only in comments and quoted strings, so they are plain YAML as they stand.
    ("cert-manager", "v1.15.5", "cert-manager/cert-manager",
     "e8fdbe63fd94107a83d3c9f9c134f2d222ba9cff",
     "deploy/crds/crd-certificates.yaml"),
    ("cert-manager", "v1.15.5", "cert-manager/cert-manager",
     "e8fdbe63fd94107a83d3c9f9c134f2d222ba9cff",
     "deploy/crds/crd-issuers.yaml"),
]


def read(repo, commit, path, git_dirs):
    if repo in git_dirs:
        return subprocess.run(
            ["git", "--git-dir", git_dirs[repo], "show", f"{commit}:{path}"],
            check=True, capture_output=True).stdout
    url = f"https://raw.githubusercontent.com/{repo}/{commit}/{path}"
    with urllib.request.urlopen(url) as response:
        return response.read()


def refs(node):
    """Every $ref below node."""
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def trim(document, kinds):
    """The component schemas reachable from the given kinds of the document's group-version."""
    schemas = document["components"]["schemas"]
    roots = [name for name, schema in schemas.items()
             if any(gvk["kind"] in kinds
                    for gvk in schema.get("x-kubernetes-group-version-kind", []))]
    missing = set(kinds) - {gvk["kind"] for name in roots
                            for gvk in schemas[name]["x-kubernetes-group-version-kind"]}
    if missing:
        raise SystemExit(f"no schema for {sorted(missing)}")
    keep, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name not in keep:
            keep.add(name)
            todo.extend(r.rsplit("/", 1)[-1] for r in refs(schemas[name]))
    return {"components": {"schemas": {name: schemas[name] for name in sorted(keep)}}}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--git", action="append", default=[], metavar="OWNER/NAME=GIT_DIR")
    git_dirs = dict(arg.split("=", 1) for arg in parser.parse_args().git)

    for gv, kinds in KUBERNETES_KINDS.items():
        document = json.loads(read(K8S_REPO, K8S_COMMIT, f"{K8S_DIR}/{gv}.json", git_dirs))
        target = OUT / "kubernetes/v1.32" / (gv.replace("/", "__") + ".json")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(trim(document, kinds), indent=1, sort_keys=True) + "\n")
        print("wrote", target.relative_to(ROOT))
    for project, version, repo, commit, path in CRDS:
        target = OUT / project / version / pathlib.PurePath(path).name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(read(repo, commit, path, git_dirs))
        print("wrote", target.relative_to(ROOT))


if __name__ == "__main__":
    main()
