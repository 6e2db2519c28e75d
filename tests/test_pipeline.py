from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import orjson
import pytest

from router_worker.app import build_processor, load_model
from router_worker.cli import main as cli_main
from router_worker.cli import schema_files
from router_worker.engine.base import EngineError
from router_worker.engine.onnx import OnnxEngine, check_interface, choose_providers, choose_variant
from router_worker.model_card import load_card
from router_worker.pipeline import Item, Processor, Source
from router_worker.settings import Settings
from tests.conftest import make_event

ROOT = Path(__file__).resolve().parents[1]


def _processor(model_dir: Path, **kw: object) -> Processor:
    settings = Settings(model_dir=model_dir, **kw)  # type: ignore[arg-type]
    return build_processor(settings, load_model(settings))


def _items(events: list[bytes | None]) -> list[Item]:
    return [Item(Source("t", 0, i), b"k", raw, time.monotonic()) for i, raw in enumerate(events)]


def test_engine_checks_interface_and_providers(toy_model_dir: Path) -> None:
    eng = OnnxEngine.from_dir(toy_model_dir)
    assert eng.providers[-1] == "CPUExecutionProvider"
    check_interface(eng.session)
    assert choose_providers(["auto"], ["CPUExecutionProvider"]) == ["CPUExecutionProvider"]
    assert (
        choose_providers(["auto"], ["CUDAExecutionProvider", "CPUExecutionProvider"])[0]
        == "CUDAExecutionProvider"
    )
    with pytest.raises(EngineError):
        choose_providers(["CUDAExecutionProvider"], [])
    card = load_card(toy_model_dir)
    assert choose_variant(card, "auto", ["CPUExecutionProvider"]) == "fp32"
    with pytest.raises(EngineError, match="not in the model card"):
        choose_variant(card, "int8", ["CPUExecutionProvider"])


def test_engine_refuses_wrong_interface(tmp_path: Path) -> None:
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    g = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["y"])],
        "wrong",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])],
    )
    path = tmp_path / "m.onnx"
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]), path)
    from router_worker.model_card import ModelCard, describe_file

    card = ModelCard(
        name="x",
        version="x",
        backbone="x",
        max_length=8,
        files={"fp32": describe_file(tmp_path, "m.onnx")},
    )
    with pytest.raises(EngineError, match="missing input 'input_ids'"):
        OnnxEngine(path, card)


def test_engine_refuses_tampered_file(toy_model_dir: Path, tmp_path: Path) -> None:
    import shutil

    d = tmp_path / "m"
    shutil.copytree(toy_model_dir, d)
    with (d / "model.onnx").open("ab") as f:
        f.write(b"\0")
    with pytest.raises(EngineError, match="sha256"):
        OnnxEngine.from_dir(d)


def test_every_item_gets_exactly_one_output(toy_model_dir: Path) -> None:
    proc = _processor(toy_model_dir)
    raws = [
        orjson.dumps(make_event(1)),
        b"{broken",
        orjson.dumps(make_event(2, messages=[{"role": "user", "text": "order " * 3000}])),
        orjson.dumps(make_event(3)),
        None,
    ]
    items = _items(raws)
    proc.prepare(items)
    proc.score(items)
    kinds = [it.output.kind for it in items]  # type: ignore[union-attr]
    assert kinds == ["decision", "dead_letter", "fallback", "decision", "dead_letter"]
    dl = dict(items[1].output.headers)  # type: ignore[union-attr]
    assert dl["error.type"] == b"invalid_json" and dl["source.offset"] == b"1"
    assert items[1].output.value == b"{broken"  # type: ignore[union-attr]
    fb = orjson.loads(items[2].output.value)  # type: ignore[union-attr, arg-type]
    assert fb["fallback_reason"] == "too_long"
    # The event inside the fallback request is the input, byte for byte.
    assert orjson.dumps(fb["event"]) == orjson.dumps(orjson.loads(raws[2]))  # type: ignore[arg-type]
    assert raws[2] in items[2].output.value  # type: ignore[operator, union-attr]
    d = orjson.loads(items[0].output.value)  # type: ignore[union-attr, arg-type]
    assert d["event_id"] == "evt-1" and d["model_version"] == "toy-0"
    assert items[0].output.key == b"conv-1"  # type: ignore[union-attr]


def test_newest_turn_of_a_conversation_runs_older_is_superseded(toy_model_dir: Path) -> None:
    proc = _processor(toy_model_dir)
    older = make_event(1, turn_index=1)
    newer = make_event(1, turn_index=2, event_id="evt-1b")
    items = _items([orjson.dumps(older), orjson.dumps(newer)])
    proc.prepare(items)
    stats = proc.score(items)
    assert stats.model_events == 1 and stats.superseded == 1
    a, b = (orjson.loads(it.output.value) for it in items)  # type: ignore[union-attr, arg-type]
    assert a["event_id"] == "evt-1" and a["superseded_by"] == "evt-1b" and a["turn_index"] == 1
    assert b["event_id"] == "evt-1b" and "superseded_by" not in b
    assert a["decision"] == b["decision"]


def test_engine_failure_sends_batch_to_fallback_and_recovers(toy_model_dir: Path) -> None:
    proc = _processor(toy_model_dir)
    bad = make_event(1)
    bad["messages"][-1]["text"] += " kaboom"
    items = _items([orjson.dumps(bad), orjson.dumps(make_event(2))])
    proc.prepare(items)
    stats = proc.score(items)
    assert stats.engine_errors >= 1
    reasons = [orjson.loads(it.output.value)["fallback_reason"] for it in items]  # type: ignore[union-attr, arg-type]
    assert "model_unavailable" in reasons
    again = _items([orjson.dumps(make_event(3))])
    proc.prepare(again)
    proc.score(again)
    assert again[0].output.kind == "decision"  # type: ignore[union-attr]


def test_low_confidence_fallback(toy_model_dir: Path) -> None:
    proc = _processor(toy_model_dir, min_confidence=0.99)
    items = _items([orjson.dumps(make_event(1))])
    proc.prepare(items)
    proc.score(items)
    fb = orjson.loads(items[0].output.value)  # type: ignore[union-attr, arg-type]
    assert fb["fallback_reason"] == "low_confidence"
    assert set(fb["partial"]["scores"]) == {"escalate", "offer", "continue"}


def test_length_groups_respect_token_budget(toy_model_dir: Path) -> None:
    proc = _processor(toy_model_dir, max_batch_tokens=600, max_batch_events=64)
    events = [
        make_event(i, messages=[{"role": "user", "text": "where is my order " * (1 + i % 5)}])
        for i in range(20)
    ]
    items = _items([orjson.dumps(e) for e in events])
    proc.prepare(items)
    groups = proc._length_groups([it for it in items if it.needs_model])
    assert sum(len(g) for g in groups) == 20
    for g in groups:
        assert len(g) == 1 or max(it.tokens for it in g) * len(g) <= 600
    lengths = [it.tokens for g in groups for it in g]
    assert lengths == sorted(lengths)


def test_replay_cli(
    toy_model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    lines = [orjson.dumps(make_event(i)) for i in range(5)] + [b"not json"]
    lines.append(
        orjson.dumps({"event": make_event(9), "label": {"decision": "offer", "reason": "request"}})
    )
    src.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out.jsonl"
    assert cli_main(["replay", str(src), "--out", str(out), "--model-dir", str(toy_model_dir)]) == 0
    results = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(results) == 7
    assert results[5]["dead_letter"]["error.type"] == "invalid_json"
    assert results[6]["event_id"] == "evt-9"


def test_eval_cli_json(
    toy_model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "eval.jsonl"
    recs = [
        {
            "event": make_event(i),
            "label": {"decision": "escalate", "reason": "guideline", "citations": ["g-orders"]},
        }
        for i in range(6)
    ]
    src.write_bytes(b"\n".join(orjson.dumps(r) for r in recs))
    assert cli_main(["eval", "--data", str(src), "--json", "--model-dir", str(toy_model_dir)]) == 0
    m = json.loads(capsys.readouterr().out)
    for key in (
        "n",
        "coverage",
        "escalation_accuracy",
        "reason_accuracy",
        "citation_auc",
        "macro_f1",
        "missed_escalations",
        "by_language",
        "confusion",
        "escalation_accuracy_overall",
    ):
        assert key in m
    assert m["n"] == 6 and m["citation_pairs"] == 12
    assert np.isclose(sum(sum(r.values()) for r in m["confusion"].values()), m["covered"])


def test_committed_schemas_match_the_models() -> None:
    for name, text in schema_files().items():
        path = ROOT / "schemas" / name
        assert path.is_file(), f"{name} missing: run `router-worker schemas`"
        assert path.read_text() == text, (
            f"{name} drifted from the models: run `router-worker schemas`"
        )
