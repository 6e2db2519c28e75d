"""deploy/: alert rules, dashboard, Kubernetes manifests, Compose file and Dockerfiles.

Real tools where this machine's registries have them: promtool and prometheus (Debian's
``prometheus``), yamllint (Debian), kubernetes-validate (PyPI, Kubernetes' schemas offline),
check-jsonschema's bundled Compose Specification schema (PyPI) and BuildKit's Dockerfile
parser (PyPI ``dockerfile``). A missing tool skips its test with "TOOL UNAVAILABLE: ...",
which CI counts as a failure (``.ci/run`` installs them all).

There is no helm, no Docker engine and usually no kubectl here: the Kustomize overlays are
rendered by the small strategic-merge renderer below (checked against ``kubectl kustomize``
where kubectl exists), and images are not built (deploy/README.md says what was run).
"""

from __future__ import annotations

import contextlib
import copy
import json
import re
import shlex
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml

from tests.conftest import make_event
from tests.kafka_fixture import _create_topic, _delete_topics, run_async
from tests.kafka_helpers import Topics, WorkerProcess, free_port, produce

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
K8S = DEPLOY / "k8s"
ALERTS = DEPLOY / "prometheus" / "alerts.yml"
ALERT_TESTS = DEPLOY / "prometheus" / "alerts.test.yml"
DASHBOARD = DEPLOY / "grafana" / "escalation-router.json"
COMPOSE = DEPLOY / "compose" / "compose.yaml"
DOCKERFILES = {"cpu": DEPLOY / "docker" / "Dockerfile", "gpu": DEPLOY / "docker" / "Dockerfile.gpu"}
OVERLAYS = ("cpu", "gpu")
UNAVAILABLE = "TOOL UNAVAILABLE:"
# Kubernetes versions the manifests are validated against (oldest and newest kept in mind).
K8S_VERSIONS = ("1.30.0", "1.37.0")


def need_tool(name: str, how: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{UNAVAILABLE} {name} not on PATH ({how})")
    return path


def need_module(name: str, how: str) -> Any:
    try:
        return __import__(name)
    except ImportError:
        pytest.skip(f"{UNAVAILABLE} Python module {name} missing ({how})")


def run(cmd: list[str], timeout: float = 60, **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False, **kw)


def settings_fields() -> set[str]:
    from router_worker.settings import Settings

    return {f"ROUTER_{name.upper()}" for name in Settings.model_fields}


def assert_valid_settings(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """The worker's Settings built from exactly this environment (as the process would)."""
    import os

    from router_worker.settings import Settings

    for name in list(os.environ):
        if name.startswith("ROUTER_") or name == "KAFKA_BOOTSTRAP_SERVERS":
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings()


# ======================================================================== metric names
# A metric name in PromQL: router_... not part of a recording rule's name (a:b:c).
_METRIC = re.compile(r"(?<![\w:])(router_[a-z0-9_]+)(?![\w:])")


def dashboard_exprs() -> list[str]:
    dash = json.loads(DASHBOARD.read_text())
    return [t["expr"] for p in dash["panels"] for t in p.get("targets", []) if "expr" in t]


def alert_rules() -> list[dict[str, Any]]:
    return [r for g in yaml.safe_load(ALERTS.read_text())["groups"] for r in g["rules"]]


def metric_names(exprs: list[str]) -> set[str]:
    return {m for e in exprs for m in _METRIC.findall(e)}


def exported_names(exposition: str) -> set[str]:
    """Sample names a /metrics page can carry, from its # TYPE lines (labelled metrics
    without samples yet included)."""
    names: set[str] = set()
    for line in exposition.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split()
            if kind == "histogram":
                names |= {f"{name}_bucket", f"{name}_sum", f"{name}_count"}
            else:
                names.add(name)
    return names


# ======================================================================== alert rules
def test_promtool_check_rules() -> None:
    promtool = need_tool("promtool", "apt-get install prometheus")
    out = run([promtool, "check", "rules", str(ALERTS)])
    assert out.returncode == 0, out.stdout + out.stderr
    assert "SUCCESS" in out.stdout


def test_promtool_unit_tests_of_the_alerts() -> None:
    promtool = need_tool("promtool", "apt-get install prometheus")
    out = run([promtool, "test", "rules", str(ALERT_TESTS)], timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "SUCCESS" in out.stdout


def test_every_alert_is_documented_and_unit_tested_firing() -> None:
    required = {
        "RouterConsumerLagGrowing",
        "RouterEndToEndLatencyHigh",
        "RouterDeadLetterRateHigh",
        "RouterFallbackRateHigh",
        "RouterEngineErrors",
        "RouterEscalationRateDrift",
        "RouterNoReadyWorkers",
    }
    alerts = {r["alert"]: r for r in alert_rules() if "alert" in r}
    assert required <= set(alerts), required - set(alerts)
    for name, rule in alerts.items():
        assert rule["labels"]["severity"] in ("warning", "critical"), name
        assert {"summary", "description", "runbook"} <= set(rule["annotations"]), name
        assert "for" in rule, f"{name} fires on a single evaluation"
    tests = yaml.safe_load(ALERT_TESTS.read_text())["tests"]
    fired = {
        case["alertname"]
        for t in tests
        for case in t.get("alert_rule_test", [])
        if case.get("exp_alerts")
    }
    silent = {
        case["alertname"]
        for t in tests
        for case in t.get("alert_rule_test", [])
        if not case.get("exp_alerts")
    }
    assert set(alerts) <= fired, f"alerts never shown firing: {set(alerts) - fired}"
    assert set(alerts) - {"RouterNoReadyWorkers"} <= silent, "alerts never shown silent"
    # README's runbook section exists where the annotations point.
    assert "## Alerts" in (DEPLOY / "README.md").read_text()


# ======================================================================== dashboard
def test_dashboard_json_is_complete() -> None:
    dash = json.loads(DASHBOARD.read_text())
    assert dash["uid"] == "escalation-router"
    ids = [p["id"] for p in dash["panels"]]
    assert len(ids) == len(set(ids)), "duplicate panel ids"
    variables = {v["name"] for v in dash["templating"]["list"]}
    assert {"datasource", "tenant"} <= variables
    for p in dash["panels"]:
        g = p["gridPos"]
        assert g["x"] >= 0 and g["x"] + g["w"] <= 24, p["title"]
        if p["type"] == "row":
            continue
        assert p["datasource"] == {"type": "prometheus", "uid": "${datasource}"}, p["title"]
        assert p["targets"], p["title"]
        for t in p["targets"]:
            assert t["expr"].strip() and t["datasource"]["uid"] == "${datasource}", p["title"]
    by_title = {p["title"]: p for p in dash["panels"]}
    # The views the issue asks for.
    assert by_title["End-to-end latency"]["type"] == "heatmap"
    assert by_title["Engine latency"]["type"] == "heatmap"
    for title in (
        "Throughput in / out",
        "Batch size",
        "Padding waste",
        "Decisions by decision",
        "Decisions by reason",
        "Decisions by tenant",
        "LLM fallback rate by reason",
        "Dead-letter rate by error type",
        "Consumer lag per partition",
        "Model version",
    ):
        assert title in by_title, title
    assert "router_model_info" in by_title["Model version"]["targets"][0]["expr"]
    lag = by_title["Consumer lag per partition"]["targets"][0]["expr"]
    assert "partition" in lag


# ======================================================================== worker + Prometheus
@pytest.fixture(scope="module")
def running_worker(
    kafka_bootstrap: str, toy_model_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WorkerProcess]:
    """One worker with every labelled metric populated: decisions, a dead letter (invalid
    JSON) and an engine failure (the toy model fails on "kaboom") -> model_unavailable."""
    tag = uuid.uuid4().hex[:8]
    names = {
        "input": (f"deploy-in-{tag}", 2),
        "decisions": (f"deploy-decisions-{tag}", 2),
        "fallback": (f"deploy-fallback-{tag}", 1),
        "dead_letter": (f"deploy-dlq-{tag}", 1),
    }
    for name, parts in names.values():
        run_async(lambda n=name, p=parts: _create_topic(kafka_bootstrap, n, p, None), timeout=45)
    topics = Topics(*(n for n, _ in names.values()))
    log_dir = tmp_path_factory.mktemp("deploy-worker")
    w = WorkerProcess(kafka_bootstrap, topics, toy_model_dir, f"deploy-{tag}", log_dir)
    try:
        w.wait_ready(90)
        # Valid events first, decided by the model; then, once those are out, the poison
        # records (a batch holding "kaboom" fails as a whole, so it must not hold them).
        records: list[tuple[bytes | None, bytes | None]] = []
        for i in range(20):
            ev = make_event(i, tenant_id=("acme", "globex")[i % 2])
            records.append((ev["conversation_id"].encode(), orjson.dumps(ev)))
        boom = make_event(99, messages=[{"role": "user", "text": "kaboom, my order is late"}])
        poison: list[tuple[bytes | None, bytes | None]] = [
            (b"boom", orjson.dumps(boom)),
            (b"bad", b"{not json"),
        ]
        for batch, wanted in (
            (records, {"router_decisions_total": 20}),
            (poison, {"router_fallbacks_total": 1, "router_dead_letters_total": 1}),
        ):
            produce(kafka_bootstrap, topics.input, batch)
            deadline = time.monotonic() + 45
            while not all(w.metric(m) >= n for m, n in wanted.items()):
                if time.monotonic() > deadline:
                    raise AssertionError(f"no {wanted} from the worker:\n{w.logs()}")
                time.sleep(0.3)
        yield w
    finally:
        w.close()
        names_only = [n for n, _ in names.values()]
        run_async(lambda: _delete_topics(kafka_bootstrap, names_only), timeout=30)


def test_metric_names_in_dashboard_and_alerts_exist_in_the_worker(
    running_worker: WorkerProcess,
) -> None:
    status, body = running_worker.http("/metrics")
    assert status == 200
    exported = exported_names(body)
    used_dash = metric_names(dashboard_exprs())
    used_alerts = metric_names([r["expr"] for r in alert_rules()])
    assert used_dash and used_alerts
    assert used_dash <= exported, f"dashboard queries unknown metrics: {used_dash - exported}"
    assert used_alerts <= exported, f"alerts use unknown metrics: {used_alerts - exported}"
    # And the dashboard shows every metric the worker has (its _created gauges aside).
    bases = {re.sub(r"_(bucket|sum|count)$", "", n) for n in used_dash}
    families = {n for n in exported if not n.endswith("_created")}
    families = {re.sub(r"_(bucket|sum|count)$", "", n) for n in families}
    assert families <= bases, f"metrics missing from the dashboard: {families - bases}"


def test_promtool_lints_the_worker_metrics(running_worker: WorkerProcess) -> None:
    promtool = need_tool("promtool", "apt-get install prometheus")
    status, body = running_worker.http("/metrics")
    assert status == 200
    out = run([promtool, "check", "metrics"], input=body)
    assert out.returncode == 0, out.stdout + out.stderr


def _prom_get(port: int, path: str, **params: str) -> dict[str, Any]:
    url = f"http://127.0.0.1:{port}{path}"
    if params:
        url += "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=5) as r:
        return json.loads(r.read())


def test_real_prometheus_scrapes_the_worker_and_answers_the_dashboard(
    running_worker: WorkerProcess, tmp_path: Path
) -> None:
    prometheus = need_tool("prometheus", "apt-get install prometheus")
    port = free_port()
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(ALERTS)],
        "scrape_configs": [
            {
                "job_name": "escalation-router",
                "static_configs": [{"targets": [f"127.0.0.1:{running_worker.metrics_port}"]}],
            }
        ],
    }
    (tmp_path / "prometheus.yml").write_text(yaml.safe_dump(config))
    log = (tmp_path / "prometheus.log").open("wb")
    proc = subprocess.Popen(
        [
            prometheus,
            f"--config.file={tmp_path / 'prometheus.yml'}",
            f"--storage.tsdb.path={tmp_path / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--web.enable-lifecycle",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # Bounded: Prometheus ready, then the first scrape of the worker's counters.
        deadline = time.monotonic() + 45
        result: list[Any] = []
        while time.monotonic() < deadline and not result:
            assert proc.poll() is None, (tmp_path / "prometheus.log").read_text()[-3000:]
            with contextlib.suppress(OSError):
                answer = _prom_get(port, "/api/v1/query", query="router_events_in_total")
                result = answer["data"]["result"]
            if not result:
                time.sleep(0.5)
        assert result, "Prometheus never saw router_events_in_total"
        assert float(result[0]["value"][1]) >= 22
        assert result[0]["metric"]["job"] == "escalation-router"

        found = _prom_get(port, "/api/v1/label/__name__/values")["data"]
        needed = metric_names(dashboard_exprs()) | metric_names([r["expr"] for r in alert_rules()])
        assert needed <= set(found), f"not in Prometheus: {needed - set(found)}"

        # Every dashboard query is valid PromQL for this Prometheus, and those the worker can
        # already answer return data (rates need two scrapes: wait for them).
        time.sleep(2.5)
        empty = []
        for expr in dashboard_exprs():
            q = expr.replace("$__rate_interval", "1m").replace("$tenant", ".*")
            answer = _prom_get(port, "/api/v1/query", query=q)
            assert answer["status"] == "success", (expr, answer)
            if not answer["data"]["result"]:
                empty.append(expr)
        # Only the recorded 7-day baseline (first evaluated after a minute) and the
        # escalation share (the toy model may not escalate at all) may be empty yet.
        allowed = ("tenant:router_escalation_ratio:avg7d", 'decision="escalate"')
        assert all(any(a in e for a in allowed) for e in empty), empty

        rules = _prom_get(port, "/api/v1/rules")["data"]["groups"]
        loaded = {r["name"] for g in rules for r in g["rules"]}
        assert {r.get("alert") or r.get("record") for r in alert_rules()} == loaded
        assert not [r for g in rules for r in g["rules"] if r.get("lastError")]
        ready = _prom_get(port, "/api/v1/query", query="sum(router_ready)")["data"]["result"]
        assert float(ready[0]["value"][1]) == 1
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        log.close()


def test_promtool_check_compose_prometheus_config(tmp_path: Path) -> None:
    promtool = need_tool("promtool", "apt-get install prometheus")
    config = yaml.safe_load((DEPLOY / "compose" / "prometheus.yml").read_text())
    assert config["rule_files"] == ["/etc/prometheus/alerts.yml"]
    config["rule_files"] = [str(ALERTS)]  # where Compose mounts it
    (tmp_path / "prometheus.yml").write_text(yaml.safe_dump(config))
    out = run([promtool, "check", "config", str(tmp_path / "prometheus.yml")])
    assert out.returncode == 0, out.stdout + out.stderr


# ======================================================================== yamllint
def test_yamllint_deploy() -> None:
    yamllint = need_tool("yamllint", "apt-get install yamllint")
    out = run([yamllint, "--strict", "-c", str(DEPLOY / ".yamllint"), str(DEPLOY)])
    assert out.returncode == 0, out.stdout + out.stderr


# ======================================================================== Kustomize
# The strategic-merge-patch merge keys of the built-in fields the overlays patch; any other
# list is replaced whole, as Kubernetes' schema says for it (tolerations, args, ...).
_MERGE_KEYS = {
    "containers": "name",
    "initContainers": "name",
    "env": "name",
    "volumes": "name",
    "volumeMounts": "mountPath",
    "ports": "containerPort",
    "imagePullSecrets": "name",
}
_BUILTIN_GROUPS = ("v1", "apps/v1", "policy/v1", "autoscaling/v2", "batch/v1")


def _smp(base: dict[str, Any], patch: dict[str, Any], builtin: bool, where: str) -> None:
    for key, value in patch.items():
        if key.startswith("$"):
            raise NotImplementedError(f"{where}: patch directive {key}")
        if value is None:
            base.pop(key, None)
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            _smp(base[key], value, builtin, f"{where}.{key}")
        elif isinstance(value, list) and isinstance(base.get(key), list) and key in _MERGE_KEYS:
            if not builtin:
                raise NotImplementedError(f"{where}.{key}: list patch of a custom resource")
            mk = _MERGE_KEYS[key]
            for item in value:
                same = [b for b in base[key] if b.get(mk) == item[mk]]
                if same:
                    _smp(same[0], item, builtin, f"{where}.{key}[{item[mk]}]")
                else:
                    base[key].append(copy.deepcopy(item))
        else:
            base[key] = copy.deepcopy(value)


def _load_docs(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def kustomize(directory: Path) -> list[dict[str, Any]]:
    """What `kubectl kustomize` makes of our kustomizations: resources, strategic-merge
    patches, images, namespace. Anything else is refused, not half-implemented."""
    k = yaml.safe_load((directory / "kustomization.yaml").read_text())
    unsupported = set(k) - {"apiVersion", "kind", "resources", "patches", "images", "namespace"}
    if unsupported:
        raise NotImplementedError(f"{directory}: kustomization fields {sorted(unsupported)}")
    docs: list[dict[str, Any]] = []
    for res in k.get("resources", []):
        p = directory / res
        docs += kustomize(p) if p.is_dir() else _load_docs(p)
    for patch in k.get("patches", []):
        if set(patch) != {"path"}:
            raise NotImplementedError(f"{directory}: patch form {sorted(patch)}")
        for pd in _load_docs(directory / patch["path"]):
            targets = [
                d
                for d in docs
                if d["kind"] == pd["kind"] and d["metadata"]["name"] == pd["metadata"]["name"]
            ]
            assert len(targets) == 1, f"patch {patch['path']} matches {len(targets)} resources"
            builtin = pd["apiVersion"] in _BUILTIN_GROUPS
            _smp(targets[0], pd, builtin, pd["kind"])
    for image in k.get("images", []):
        for d in docs:
            spec = d.get("spec", {}).get("template", {}).get("spec", {})
            for c in spec.get("containers", []) + spec.get("initContainers", []):
                name, _, tag = c["image"].partition(":")
                if name == image["name"]:
                    c["image"] = f"{image.get('newName', name)}:{image.get('newTag', tag)}"
    if "namespace" in k:
        for d in docs:
            d["metadata"]["namespace"] = k["namespace"]
    return docs


def by_kind(docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for d in docs:
        key = d["kind"] if d["kind"] != "ConfigMap" else f"ConfigMap/{d['metadata']['name']}"
        assert key not in out, f"two {key}"
        out[key] = d
    return out


@pytest.fixture(scope="module", params=OVERLAYS)
def rendered(request: pytest.FixtureRequest) -> tuple[str, list[dict[str, Any]]]:
    return request.param, kustomize(K8S / "overlays" / request.param)


# Structural schemas of the custom resources (their CRDs are not in kubernetes-validate):
# the fields of KEDA v2's ScaledObject / TriggerAuthentication and the Prometheus
# Operator's ServiceMonitor that we use, closed against typos.
_STR_MAP = {"type": "object", "additionalProperties": {"type": "string"}}
_NAME_REF = {
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"type": "string"}, "kind": {"type": "string"}},
    "additionalProperties": False,
}
_META = {
    "type": "object",
    "required": ["name", "namespace"],
    "properties": {
        "name": {"type": "string"},
        "namespace": {"type": "string"},
        "labels": _STR_MAP,
        "annotations": _STR_MAP,
    },
    "additionalProperties": False,
}
_DURATION = {"type": "string", "pattern": r"^([0-9]+(ms|s|m|h))+$"}
CRD_SCHEMAS: dict[str, dict[str, Any]] = {
    "keda.sh/v1alpha1/ScaledObject": {
        "type": "object",
        "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {
            "apiVersion": {"const": "keda.sh/v1alpha1"},
            "kind": {"const": "ScaledObject"},
            "metadata": _META,
            "spec": {
                "type": "object",
                "required": ["scaleTargetRef", "triggers"],
                "additionalProperties": False,
                "properties": {
                    "scaleTargetRef": {
                        "type": "object",
                        "required": ["name"],
                        "additionalProperties": False,
                        "properties": {
                            "apiVersion": {"type": "string"},
                            "kind": {"type": "string"},
                            "name": {"type": "string"},
                            "envSourceContainerName": {"type": "string"},
                        },
                    },
                    "pollingInterval": {"type": "integer", "minimum": 1},
                    "cooldownPeriod": {"type": "integer", "minimum": 0},
                    "initialCooldownPeriod": {"type": "integer", "minimum": 0},
                    "idleReplicaCount": {"type": "integer", "minimum": 0},
                    "minReplicaCount": {"type": "integer", "minimum": 0},
                    "maxReplicaCount": {"type": "integer", "minimum": 1},
                    "fallback": {"type": "object"},
                    "advanced": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {
                            "restoreToOriginalReplicaCount": {"type": "boolean"},
                            "horizontalPodAutoscalerConfig": {
                                "type": "object",
                                "additionalProperties": False,
                                "properties": {
                                    "name": {"type": "string"},
                                    "behavior": {"type": "object"},
                                },
                            },
                            "scalingModifiers": {"type": "object"},
                        },
                    },
                    "triggers": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["type", "metadata"],
                            "additionalProperties": False,
                            "properties": {
                                "type": {"type": "string"},
                                "name": {"type": "string"},
                                "metadata": _STR_MAP,
                                "authenticationRef": _NAME_REF,
                                "metricType": {"enum": ["AverageValue", "Value", "Utilization"]},
                                "useCachedMetrics": {"type": "boolean"},
                            },
                        },
                    },
                },
            },
        },
    },
    "keda.sh/v1alpha1/TriggerAuthentication": {
        "type": "object",
        "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {
            "metadata": _META,
            "spec": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "secretTargetRef": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["parameter", "name", "key"],
                            "additionalProperties": False,
                            "properties": {
                                "parameter": {"type": "string"},
                                "name": {"type": "string"},
                                "key": {"type": "string"},
                            },
                        },
                    },
                    "env": {"type": "array"},
                    "podIdentity": {"type": "object"},
                },
            },
        },
    },
    "monitoring.coreos.com/v1/ServiceMonitor": {
        "type": "object",
        "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {
            "metadata": _META,
            "spec": {
                "type": "object",
                "required": ["selector", "endpoints"],
                "additionalProperties": False,
                "properties": {
                    "selector": {
                        "type": "object",
                        "properties": {"matchLabels": _STR_MAP},
                        "additionalProperties": False,
                    },
                    "namespaceSelector": {"type": "object"},
                    "jobLabel": {"type": "string"},
                    "endpoints": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {
                                "port": {"type": "string"},
                                "path": {"type": "string"},
                                "scheme": {"enum": ["http", "https"]},
                                "interval": _DURATION,
                                "scrapeTimeout": _DURATION,
                                "honorLabels": {"type": "boolean"},
                            },
                        },
                    },
                },
            },
        },
    },
}


def test_rendered_manifests_pass_kubernetes_schemas(
    rendered: tuple[str, list[dict[str, Any]]],
) -> None:
    kv = need_module("kubernetes_validate", "pip install kubernetes-validate")
    import jsonschema

    _, docs = rendered
    docs = docs + _load_docs(K8S / "secret.example.yaml")
    builtin = 0
    for d in docs:
        crd_key = f"{d['apiVersion']}/{d['kind']}"
        if crd_key in CRD_SCHEMAS:
            jsonschema.validate(d, CRD_SCHEMAS[crd_key])
            continue
        for version in K8S_VERSIONS:
            kv.validate(d, version, strict=True)  # raises on any error or unknown field
        builtin += 1
    assert builtin >= 6
    # The HPA behaviour inside the ScaledObject is an autoscaling/v2 HPA's: validate it as one.
    so = by_kind(docs)["ScaledObject"]
    hpa = {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": {"name": "keda-hpa-escalation-router"},
        "spec": {
            "scaleTargetRef": so["spec"]["scaleTargetRef"],
            "minReplicas": max(1, so["spec"]["minReplicaCount"]),
            "maxReplicas": so["spec"]["maxReplicaCount"],
            "behavior": so["spec"]["advanced"]["horizontalPodAutoscalerConfig"]["behavior"],
        },
    }
    for version in K8S_VERSIONS:
        kv.validate(hpa, version, strict=True)


def test_renderer_agrees_with_kubectl_kustomize(
    rendered: tuple[str, list[dict[str, Any]]],
) -> None:
    kubectl = shutil.which("kubectl")
    if kubectl is None:  # not in Debian; the renderer alone is what CI checks
        pytest.skip("kubectl not installed: rendered by the test's renderer only")
    overlay, docs = rendered
    out = run([kubectl, "kustomize", str(K8S / "overlays" / overlay)])
    assert out.returncode == 0, out.stderr
    theirs = {(d["kind"], d["metadata"]["name"]): d for d in yaml.safe_load_all(out.stdout)}
    ours = {(d["kind"], d["metadata"]["name"]): d for d in docs}
    assert theirs.keys() == ours.keys()
    for key in ours:
        assert ours[key] == theirs[key], key


def _env(deployment: dict[str, Any], config: dict[str, Any]) -> dict[str, str]:
    """The worker container's environment: the ConfigMap, then env (which wins)."""
    c = deployment["spec"]["template"]["spec"]["containers"][0]
    env = dict(config["data"])
    for e in c.get("env", []):
        env[e["name"]] = e.get("value", "<from " + next(iter(e["valueFrom"])) + ">")
    return env


def test_rendered_manifests_fit_together(
    rendered: tuple[str, list[dict[str, Any]]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    overlay, docs = rendered
    k = by_kind(docs)
    dep, pdb, svc = k["Deployment"], k["PodDisruptionBudget"], k["Service"]
    sm = k["ServiceMonitor"]
    so, ta = k["ScaledObject"], k["TriggerAuthentication"]
    config, tenants = (
        k["ConfigMap/escalation-router-config"],
        k["ConfigMap/escalation-router-tenants"],
    )
    secret = _load_docs(K8S / "secret.example.yaml")[0]
    pod = dep["spec"]["template"]
    (c,) = pod["spec"]["containers"]
    env = _env(dep, config)
    labels = pod["metadata"]["labels"]

    # Every ROUTER_* variable is a real setting (pydantic ignores unknown ones silently).
    assert {n for n in env if n.startswith("ROUTER_")} <= settings_fields()
    # ... and the whole environment makes valid Settings (tenants file included).
    tenants_file = tmp_path / "tenants.json"
    tenants_file.write_text(tenants["data"]["tenants.json"])
    env["ROUTER_SASL_USERNAME"] = secret["stringData"]["username"]
    env["ROUTER_SASL_PASSWORD"] = secret["stringData"]["password"]
    env["ROUTER_CLIENT_ID"] = "escalation-router-7d4b9c-x2x4q"  # the pod's name
    env["ROUTER_TENANT_THRESHOLDS_FILE"] = str(tenants_file)
    s = assert_valid_settings(env, monkeypatch)
    assert s.tenant_thresholds and s.security_protocol == "SASL_SSL"

    # Probes on the metrics port: /readyz for readiness, /healthz for liveness and startup.
    port = {p["name"]: p["containerPort"] for p in c["ports"]}["metrics"]
    assert port == s.metrics_port
    assert c["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "metrics"}
    assert c["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "metrics"}
    assert c["startupProbe"]["httpGet"]["path"] == "/healthz"
    # SIGTERM drains within the deadline, then the consumer leaves the group (<= 10 s).
    assert pod["spec"]["terminationGracePeriodSeconds"] >= s.shutdown_deadline_s + 10
    assert pod["spec"]["securityContext"]["runAsNonRoot"] is True
    assert pod["metadata"]["annotations"]["prometheus.io/port"] == str(port)
    # Secrets: every key used exists in the example Secret.
    refs = [
        e["valueFrom"]["secretKeyRef"] for e in c["env"] if "secretKeyRef" in e.get("valueFrom", {})
    ]
    refs += ta["spec"]["secretTargetRef"]
    for ref in refs:
        assert ref["name"] == secret["metadata"]["name"]
        assert ref["key"] in secret["stringData"], ref
    assert {r["parameter"] for r in ta["spec"]["secretTargetRef"]} >= {
        "sasl",
        "username",
        "password",
    }
    # Selectors agree.
    for selector in (
        dep["spec"]["selector"]["matchLabels"],
        pdb["spec"]["selector"]["matchLabels"],
        svc["spec"]["selector"],
        sm["spec"]["selector"]["matchLabels"],
    ):
        assert selector.items() <= labels.items()
    assert sm["spec"]["selector"]["matchLabels"].items() <= svc["metadata"]["labels"].items()
    assert sm["spec"]["endpoints"][0]["port"] in {p["name"] for p in svc["spec"]["ports"]}
    assert pdb["spec"]["maxUnavailable"] == 1
    # KEDA: the Deployment, the same group/topic/brokers, replicas capped at the partitions,
    # stabilisation windows against rebalance flapping, replicas left to KEDA.
    assert "replicas" not in dep["spec"]
    assert so["spec"]["scaleTargetRef"]["name"] == dep["metadata"]["name"]
    (trigger,) = so["spec"]["triggers"]
    meta = trigger["metadata"]
    assert (
        trigger["type"] == "kafka"
        and trigger["authenticationRef"]["name"] == ta["metadata"]["name"]
    )
    assert meta["consumerGroup"] == env["ROUTER_GROUP_ID"]
    assert meta["topic"] == env["ROUTER_INPUT_TOPIC"]
    assert meta["bootstrapServers"] == env["ROUTER_BOOTSTRAP_SERVERS"]
    assert meta["allowIdleConsumers"] == "false"
    partitions = int(so["metadata"]["annotations"]["escalation-router/input-partitions"])
    assert 1 <= so["spec"]["minReplicaCount"] <= so["spec"]["maxReplicaCount"] <= partitions
    behavior = so["spec"]["advanced"]["horizontalPodAutoscalerConfig"]["behavior"]
    assert behavior["scaleDown"]["stabilizationWindowSeconds"] >= 300
    assert behavior["scaleUp"]["stabilizationWindowSeconds"] >= 30
    assert so["spec"]["cooldownPeriod"] >= 60

    resources = c["resources"]
    if overlay == "gpu":
        # One worker per GPU, CUDA first, and no surge pod waiting for a spare GPU.
        assert resources["limits"]["nvidia.com/gpu"] == 1
        assert s.providers == ["CUDAExecutionProvider", "CPUExecutionProvider"]
        assert c["image"].endswith("-gpu")
        assert dep["spec"]["strategy"]["rollingUpdate"]["maxSurge"] == 0
        assert any(t["key"] == "nvidia.com/gpu" for t in pod["spec"]["tolerations"])
    else:
        assert "nvidia.com/gpu" not in str(resources)
        assert s.providers == ["CPUExecutionProvider"]
        assert c["image"].endswith("-cpu")
    assert all(d["metadata"]["namespace"] == "escalation-router" for d in docs)


# ======================================================================== Compose
def test_compose_file_is_valid_and_complete(monkeypatch: pytest.MonkeyPatch) -> None:
    cj = need_module("check_jsonschema", "pip install check-jsonschema")
    import jsonschema

    schema_path = Path(cj.__file__).parent / "builtin_schemas" / "vendor" / "compose-spec.json"
    schema = json.loads(schema_path.read_text())
    compose = yaml.safe_load(COMPOSE.read_text())
    jsonschema.validate(compose, schema)  # the Compose Specification's own JSON Schema

    services = compose["services"]
    assert {
        "kafka",
        "kafka-init",
        "worker-1",
        "worker-2",
        "prometheus",
        "grafana",
        "loadgen",
    } <= set(services)
    # Pinned images, no "latest".
    for name, svc in services.items():
        image = svc.get("image", "")
        assert re.search(r":v?\d+\.\d+\.\d+(-[a-z0-9.-]+)?$", image), (name, image)
    assert services["kafka"]["image"].startswith("apache/kafka:")
    assert services["kafka"]["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"
    # Topic creation covers every topic the stack uses.
    script = " ".join(services["kafka-init"]["entrypoint"])
    for topic in (
        "conversation.turns",
        "routing.decisions",
        "routing.llm-fallback",
        "routing.dead-letter",
        "routing.outcomes",
    ):
        assert topic in script, topic
    from router_worker.settings import Settings

    deadline = Settings().shutdown_deadline_s
    env = dict(services["worker-1"]["environment"])
    env["ROUTER_TENANT_THRESHOLDS_FILE"] = str(COMPOSE.parent / "tenants.json")
    assert_valid_settings(env, monkeypatch)
    for name in ("worker-1", "worker-2"):
        w = services[name]
        assert w["depends_on"]["kafka-init"]["condition"] == "service_completed_successfully"
        assert "/readyz" in " ".join(w["healthcheck"]["test"])
        assert int(w["stop_grace_period"].rstrip("s")) > deadline
        assert set(w["environment"]) <= settings_fields()
        assert (COMPOSE.parent / w["build"]["context"] / w["build"]["dockerfile"]).is_file()
        assert w["environment"]["ROUTER_GROUP_ID"] == "escalation-router"  # one group
    for name, svc in services.items():
        if name not in ("kafka-init", "loadgen"):
            assert "healthcheck" in svc, name
        for vol in svc.get("volumes", []):
            src = vol.split(":")[0]
            if src.startswith("."):
                assert (COMPOSE.parent / src).exists(), (name, src)
    # Prometheus in Compose scrapes both workers; Grafana is provisioned with the dashboard.
    prom = yaml.safe_load((COMPOSE.parent / "prometheus.yml").read_text())
    targets = prom["scrape_configs"][0]["static_configs"][0]["targets"]
    assert targets == ["worker-1:9108", "worker-2:9108"]
    ds = yaml.safe_load((COMPOSE.parent / "grafana" / "datasources.yml").read_text())
    assert ds["datasources"][0]["url"] == "http://prometheus:9090"
    # Tenants config parses with the worker's own model.
    from router_worker.settings import TenantThresholds

    for path in (COMPOSE.parent / "tenants.json",):
        for t in json.loads(path.read_text()).values():
            TenantThresholds.model_validate(t)
    # The load generator, on demand, with flags its real CLI accepts.
    loadgen = services["loadgen"]
    assert loadgen["profiles"] == ["loadgen"]
    assert loadgen["entrypoint"][0] == "router-loadgen"
    argv = [re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", a) for a in loadgen["entrypoint"][1:]]
    argv += [re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", str(a)) for a in loadgen["command"]]
    try:
        from router_worker.loadgen import build_parser
    except ImportError:
        pytest.skip("router_worker.loadgen not in this checkout: its flags not checked")
    args = build_parser().parse_args(argv)  # the real CLI accepts what Compose passes
    assert args.bootstrap_servers == "kafka:19092"
    assert args.input_topic == "conversation.turns"
    assert args.rate == 50 and args.duration == 300


# ======================================================================== Dockerfiles
def _instructions(path: Path) -> list[Any]:
    dockerfile = need_module("dockerfile", "pip install dockerfile (BuildKit's parser)")
    return list(dockerfile.parse_file(str(path)))


@pytest.mark.parametrize("variant", sorted(DOCKERFILES))
def test_dockerfile_parses_and_follows_the_rules(
    variant: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = DOCKERFILES[variant]
    cmds = _instructions(path)
    froms = [c for c in cmds if c.cmd == "FROM"]
    assert len(froms) >= 2, "multi-stage build"
    for f in froms:
        image = f.value[0]
        assert re.search(r":\d+\.\d+\.\d+", image), f"unpinned base image {image}"
        assert "latest" not in image
        assert len(f.value) == 3 and f.value[1].upper() == "AS", "every stage named"
    final = cmds[cmds.index(froms[-1]) :]
    kinds = [c.cmd for c in final]
    users = [c.value[0] for c in final if c.cmd == "USER"]
    assert users and users[-1].split(":")[0] not in ("0", "root"), "non-root user"
    assert "HEALTHCHECK" in kinds and "/healthz" in next(
        c.original for c in final if c.cmd == "HEALTHCHECK"
    )
    assert any(c.cmd == "COPY" and "--from=build" in c.flags for c in final)
    assert [c.value for c in final if c.cmd == "EXPOSE"] == [("9108",)]
    assert [c.value for c in final if c.cmd == "ENTRYPOINT"] == [("router-worker",)]
    assert [c.value for c in final if c.cmd == "STOPSIGNAL"] == [("SIGTERM",)]
    # ENV values go through the shell-like word processing of BuildKit: quotes removed.
    env = {
        c.value[i]: shlex.split(c.value[i + 1])[0]
        for c in final
        if c.cmd == "ENV"
        for i in range(0, len(c.value), 2)
    }
    router_env = {k: v for k, v in env.items() if k.startswith("ROUTER_")}
    assert set(router_env) <= settings_fields()
    s = assert_valid_settings(router_env, monkeypatch)  # the image's defaults must load
    assert s.providers[0] == (
        "CUDAExecutionProvider" if variant == "gpu" else "CPUExecutionProvider"
    )
    # pip only ever installs hashed pins, from files that exist.
    pip_runs = [c.original for c in cmds if c.cmd == "RUN" and "pip install" in c.original]
    assert pip_runs and all("--require-hashes" in r or "/tmp/wheels/" in r for r in pip_runs), (
        pip_runs
    )
    copied = [c.value[0] for c in cmds if c.cmd == "COPY" and not c.flags]
    for src in copied:
        assert (REPO / src).exists() or src == "router_worker", src
    ignore = (path.parent / f"{path.name}.dockerignore").read_text()
    assert "!router_worker/**" in ignore and "!pyproject.toml" in ignore


@pytest.mark.parametrize("variant", sorted(DOCKERFILES))
def test_image_requirements_pin_every_dependency(variant: str) -> None:
    import tomllib

    from packaging.requirements import Requirement

    text = (DEPLOY / "docker" / f"requirements-{variant}.txt").read_text()
    pins: dict[str, str] = {}
    pinned = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s\\]+) \\\n\s+--hash=sha256:[0-9a-f]{64}$", re.M)
    for m in pinned.finditer(text):
        pins[m.group(1).lower().replace("_", "-")] = m.group(2)
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith(("#", " "))]
    assert len(lines) == len(pins), "every requirement is name==version with its sha256"
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    for dep in project["dependencies"]:
        req = Requirement(dep)
        name = req.name.lower()
        if variant == "gpu" and name == "onnxruntime":
            name = "onnxruntime-gpu"  # same module, CUDA build
        assert name in pins, f"{dep} not pinned"
        assert req.specifier.contains(pins[name], prereleases=True), (dep, pins[name])
    if variant == "gpu":
        assert "onnxruntime" not in pins, "the CPU build would shadow onnxruntime-gpu"


# ======================================================================== docs
def test_deploy_readme_covers_kubernetes_and_what_was_run() -> None:
    text = (DEPLOY / "README.md").read_text()
    for needle in (
        "nvidia.com/gpu",
        "KEDA",
        "consumer group",
        "kubectl apply -k",
        "docker compose",
        "Not run here",
        "escalation-router-kafka-sasl",
    ):
        assert needle in text, needle
