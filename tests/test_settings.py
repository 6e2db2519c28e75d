from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from router_worker.cli import build_parser
from router_worker.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_env_and_aliases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "k1:9092")
    monkeypatch.setenv("ROUTER_PROVIDERS", "CUDAExecutionProvider, CPUExecutionProvider")
    monkeypatch.setenv("ROUTER_MAX_BATCH_EVENTS", "8")
    s = Settings()
    assert s.bootstrap_servers == "k1:9092"
    assert s.providers == ["CUDAExecutionProvider", "CPUExecutionProvider"]
    assert s.max_batch_events == 8
    monkeypatch.setenv("ROUTER_PROVIDERS", '["CPUExecutionProvider"]')
    assert Settings().providers == ["CPUExecutionProvider"]


def test_tenant_thresholds_file(tmp_path: Path) -> None:
    f = tmp_path / "t.json"
    f.write_text(json.dumps({"acme": {"escalate": 0.4, "offer": 0.6}}))
    s = Settings(tenant_thresholds_file=f)
    assert s.tenant_thresholds["acme"].escalate == 0.4


def test_bad_values_are_refused_with_the_field_name() -> None:
    with pytest.raises(ValidationError, match="max_batch_events"):
        Settings(max_batch_events=0)
    with pytest.raises(ValidationError, match="sasl_mechanism"):
        Settings(sasl_mechanism="PLAIN")  # without a SASL protocol


def test_sasl_options_and_secret_redaction() -> None:
    s = Settings(
        security_protocol="SASL_PLAINTEXT",
        sasl_mechanism="SCRAM-SHA-256",
        sasl_username="router",
        sasl_password="hunter2",
    )
    opts = s.kafka_common()
    assert opts["sasl_mechanism"] == "SCRAM-SHA-256" and opts["sasl_plain_password"] == "hunter2"
    assert "hunter2" not in json.dumps(s.redacted())


def test_readme_documents_every_setting_and_run_flags_exist() -> None:
    text = README.read_text()
    for name in Settings.model_fields:
        if name.startswith(("ssl_certfile", "ssl_keyfile", "sasl_password", "inter_op")):
            continue  # documented on a shared row
        assert f"ROUTER_{name.upper()}" in text, f"README lacks ROUTER_{name.upper()}"
    argv = ["run", "--max-batch-events", "4", "--providers", "CPUExecutionProvider"]
    args = build_parser().parse_args(argv)
    assert args.max_batch_events == 4


def test_tokenizer_parallelism_is_off_next_to_a_cpu_engine_unless_asked() -> None:
    from router_worker.app import tokenizer_parallelism

    assert not tokenizer_parallelism("auto", ["CPUExecutionProvider"])
    assert tokenizer_parallelism("auto", ["CUDAExecutionProvider", "CPUExecutionProvider"])
    assert tokenizer_parallelism("auto", ["none"])  # no-op engine: nothing to compete with
    assert tokenizer_parallelism("on", ["CPUExecutionProvider"])
    assert not tokenizer_parallelism("off", ["CUDAExecutionProvider"])
