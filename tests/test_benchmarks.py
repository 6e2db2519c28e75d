"""Smoke runs of the benchmark functions with the toy model. No timing assertions, ever."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pytest

from benchmarks import common, engine, run
from router_worker.loadgen import make_template
from router_worker.tokenize import Encoded, pad_batch
from tests.conftest import make_event

MINILM = {"num_hidden_layers": 6, "hidden_size": 384, "intermediate_size": 1536}


def _enc(n: int, g: int = 2) -> Encoded:
    return Encoded(np.arange(n, dtype=np.int64) + 5, np.tile([[1, 3]], (g, 1)), False, 0)


def _events(n: int) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        words = "where is my order it has been two weeks " * (1 + i % 6)
        out.append(make_event(i, messages=[{"role": "user", "text": words}]))
    return out


def test_flops_formula_for_minilm() -> None:
    # 2·L·(4H² + 2HI) = 2·6·(589,824 + 1,179,648) = 21,233,664; attention 4·L·H = 9,216 per T.
    assert engine.encoder_flops_per_token(6, 384, 1536, 0) == 21_233_664
    assert engine.encoder_flops_per_token(6, 384, 1536, 100) == 21_233_664 + 921_600
    b = pad_batch([_enc(10), _enc(20)])
    assert engine.batch_flops(MINILM, b) == 2 * 20 * engine.encoder_flops_per_token(
        6, 384, 1536, 20
    )
    assert engine.batch_flops(MINILM, b, useful=True) == 10 * engine.encoder_flops_per_token(
        6, 384, 1536, 10
    ) + 20 * engine.encoder_flops_per_token(6, 384, 1536, 20)


def test_worker_groups_mirror_the_batcher_and_the_length_groups() -> None:
    rng = np.random.default_rng(0)
    encs = [_enc(int(n)) for n in rng.integers(5, 200, 300)]
    groups = engine.worker_groups(encs, max_events=32, max_tokens=2000)
    assert sum(len(g) for g in groups) == 300
    for g in groups:
        assert len(g) <= 32
        assert len(g) == 1 or max(e.n_tokens for e in g) * len(g) <= 2000
        lengths = [e.n_tokens for e in g]
        assert lengths == sorted(lengths)
    # One event per batch when max_events is 1; a lone huge event still gets its batch.
    assert all(len(g) == 1 for g in engine.worker_groups(encs[:10], 1, 2000))
    assert len(engine.worker_groups([_enc(500)], 8, 100)) == 1


def test_pad_to_full_length() -> None:
    b = engine.pad_to([_enc(3), _enc(5)], 16, pad_id=0)
    assert b.input_ids.shape == (2, 16) and b.attention_mask.sum() == 8
    assert b.padded_tokens == 32 and b.real_tokens == 8


def test_realistic_mix_follows_the_target_lengths() -> None:
    pool = [_enc(n) for n in range(10, 300, 3)]
    target = np.array([20] * 50 + [200] * 50)
    mix = common.realistic_mix(pool, target, 400, seed=1)
    lengths = np.array([e.n_tokens for e in mix])
    assert np.all((np.abs(lengths - 20) <= 4) | (np.abs(lengths - 200) <= 4))
    assert 0.35 < np.mean(lengths < 100) < 0.65
    assert len(common.realistic_mix(pool, None, 7)) == 7
    near = common.near_length(pool, 100, 20)
    assert all(abs(e.n_tokens - 100) <= 100 for e in near)


def test_matmul_peak_measures_something() -> None:
    p = engine.matmul_peak(64, min_seconds=0.01)
    assert p["peak_gflops"] > 0 and p["numpy_gflops"] > 0


def test_summarise_computes_ratios_and_goals() -> None:
    results = {
        "engine": {
            "engine_vs_single": 6.0,
            "engine_vs_torch_eager": 2.0,
            "hw_fraction": 0.6,
            "batched": {"events_per_s": 100.0, "tokens_per_s": 20_000.0},
            "peak": {"peak_gflops": 150.0},
        },
        "overhead": {
            "runs": [
                {"tokenize": True, "events_per_s": 3000.0, "events_per_cpu_s": 2500.0},
                {"tokenize": False, "events_per_s": 9000.0, "events_per_cpu_s": 8000.0},
            ]
        },
        "e2e": {
            "max_wait_ms": 5.0,
            "saturation": {"events_per_s": 95.0},
            "steps": [
                {
                    "fraction": 0.5,
                    "latency_s": {"p50": 0.03, "p99": 0.09},
                    "engine_batch_s_mean": 0.05,
                },
            ],
        },
    }
    s = run.summarise(results)
    assert s["e2e_vs_engine"] == 0.95
    assert s["pipeline_events_per_s"] == 3000.0
    assert s["pipeline_events_per_s_no_tokenize"] == 9000.0
    assert s["p99_half_load_s"] == 0.09 and s["p99_half_load_bound_s"] == 0.105
    assert s["goals"] == {
        "engine_vs_single>=5": True,
        "engine_vs_torch_eager>=3": False,
        "hw_fraction>=0.5": True,
        "pipeline_events_per_s>=10000": False,
        "e2e_vs_engine>=0.9": True,
        "p99_half_load<=wait+2*batch": True,
    }
    assert run.summarise({})["goals"]["e2e_vs_engine>=0.9"] is None


def test_engine_benchmark_on_the_toy_model(toy_model_dir: Path, tmp_path: Path) -> None:
    enc = common.encoder_for(toy_model_dir)
    pool = common.encode_events(enc, _events(24))
    cfg = engine.EngineConfig(
        model_dir=toy_model_dir,
        checkpoint=None,
        backbone_config=MINILM,
        pool=pool,
        target_lengths=np.array([e.n_tokens for e in pool]),
        pad_id=enc.pad_id,
        max_length=64,
        n_events=12,
        max_batch_events=4,
        max_batch_tokens=4096,
        min_seconds=0.01,
        sweep_sizes=(1, 4),
        group_budgets=(64, 1024),
        peak_n=64,
        with_torch=False,
        parallel=2,
    )
    r = engine.run_engine(cfg)
    for key in ("batched", "single", "batched_fp32", "batched_parallel"):
        assert r[key]["events_per_s"] > 0 and 0 <= r[key]["padding_waste"] < 1
    assert r["single"]["padding_waste"] == 0
    assert r["engine_vs_single"] > 0 and r["hw_fraction"] > 0
    assert r["engine_vs_torch_eager"] is None
    assert [s["batch"] for s in r["sweep_fixed_length"]] == [1, 4]
    assert [s["group_tokens"] for s in r["sweep_mix"]] == [64, 1024]
    plots = pytest.importorskip("benchmarks.plots")
    pytest.importorskip("matplotlib")
    png = plots.plot_engine(r, tmp_path / "engine.png")
    assert png.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.torch
def test_torch_baseline_runs_a_checkpoint(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from router_worker.training.model import EscalationModel

    cfg = transformers.BertConfig(
        vocab_size=200,
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
    )
    EscalationModel.from_config(cfg).save_checkpoint(tmp_path / "ckpt")
    run_fn, info = engine.torch_runner(tmp_path / "ckpt", threads=1)
    b = engine.pad_to([_enc(5), _enc(9)], 32, 0)
    dec, _rea, cit = run_fn(b)
    assert tuple(dec.shape) == (2, 3) and tuple(cit.shape) == (2, 2)
    assert info["threads"] == 1 and info["dtype"] == "float32"


def test_run_entry_point_engine_only(
    toy_model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rc = run.main(
        [
            "--smoke",
            "--json",
            "--only",
            "engine",
            "--no-torch",
            "--model-dir",
            str(toy_model_dir),
            "--out",
            str(tmp_path),
            "--no-plots",
        ]
    )
    assert rc == 0
    head = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    for key in (
        "engine_vs_single",
        "engine_vs_torch_eager",
        "hw_fraction",
        "pipeline_events_per_s",
        "e2e_vs_engine",
        "p99_half_load_s",
        "settings",
    ):
        assert key in head
    assert head["settings"]["worker"]["max_batch_events"] >= 1
    full = orjson.loads((tmp_path / "bench-smoke.json").read_bytes())
    assert full["engine"]["batched"]["events_per_s"] > 0
    from benchmarks import report

    md = report.render(full)
    assert "| `engine_vs_single` |" in md and "Group budget sweep" in md


def test_overhead_and_e2e_against_the_broker(
    kafka_bootstrap: str, toy_model_dir: Path, tmp_path: Path
) -> None:
    from benchmarks.e2e import run_e2e
    from benchmarks.overhead import run_overhead

    templates = [make_template(e) for e in _events(10)]
    o = run_overhead(
        kafka_bootstrap,
        toy_model_dir,
        templates,
        n_events=150,
        partitions=2,
        timeout_s=60,
        worker_settings={"max_batch_events": 64},
    )
    assert o["results"] == 150 and o["events_per_s"] > 0 and o["transactions"] >= 1
    e = run_e2e(
        kafka_bootstrap,
        toy_model_dir,
        templates,
        fractions=(0.5,),
        step_seconds=1.0,
        sat_count=30,
        partitions=2,
        worker_settings={"max_wait_ms": 5},
    )
    assert e["saturation"]["results"] == 30 and e["saturation"]["duplicates"] == 0
    (step,) = e["steps"]
    assert step["missing"] == 0 and step["results"] == step["sent"] > 0
    assert step["latency_s"]["p99"] > 0 and step["scored_batches"] >= 1
    summary = run.summarise({"e2e": e, "overhead": {"runs": [o]}})
    assert summary["p99_half_load_s"] == step["latency_s"]["p99"]
    pytest.importorskip("matplotlib")
    from benchmarks import plots

    assert plots.plot_e2e(e, tmp_path / "e2e.png", 10.0).is_file()
    assert plots.plot_overhead([o], tmp_path / "o.png").is_file()


# ---------------------------------------------------------------------------- engine options
def test_io_binding_path_matches_plain_run(toy_model_dir: Path) -> None:
    from router_worker.engine.onnx import OnnxEngine

    enc = common.encoder_for(toy_model_dir)
    encs = common.encode_events(enc, _events(6))
    batch = pad_batch(encs, enc.pad_id)
    plain = OnnxEngine.from_dir(toy_model_dir, providers=["CPUExecutionProvider"])
    assert not plain.use_io_binding and plain.pad_multiple == 1
    bound = OnnxEngine.from_dir(toy_model_dir, providers=["CPUExecutionProvider"], io_binding=True)
    assert bound.use_io_binding
    want = plain.run(batch)
    for _ in range(2):  # the second call reuses the same buffers
        got = bound.run(batch)
        np.testing.assert_allclose(got.decision_probs, want.decision_probs, rtol=1e-6)
        np.testing.assert_allclose(got.reason_probs, want.reason_probs, rtol=1e-6)
        np.testing.assert_allclose(got.citation_probs, want.citation_probs, rtol=1e-6)
    assert len(bound._buffers) == 1
    # GPU-style padding of the sequence to a multiple of 16 changes nothing but the shape.
    bound.pad_multiple = 16
    got = bound.run(pad_batch(encs[:3], enc.pad_id))
    ref = plain.run(pad_batch(encs[:3], enc.pad_id))
    np.testing.assert_allclose(got.decision_probs, ref.decision_probs, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got.citation_probs, ref.citation_probs, rtol=1e-5, atol=1e-6)
    assert all(k[1] % 16 == 0 for k in list(bound._buffers)[1:])
    plain.close()
    bound.close()


def test_cpu_engine_prefers_small_groups_and_the_pipeline_uses_it(toy_model_dir: Path) -> None:
    from router_worker.engine.onnx import CPU_BATCH_TOKENS, OnnxEngine
    from router_worker.model_card import load_card
    from router_worker.pipeline import Item, Processor, Source
    from router_worker.settings import Settings

    eng = OnnxEngine.from_dir(toy_model_dir, providers=["CPUExecutionProvider"])
    assert eng.preferred_batch_tokens == CPU_BATCH_TOKENS and not eng.on_gpu
    none = OnnxEngine.from_dir(toy_model_dir, cpu_batch_tokens=None)
    assert none.preferred_batch_tokens is None
    eng.preferred_batch_tokens = 60
    enc = common.encoder_for(toy_model_dir)
    proc = Processor(
        Settings(max_batch_tokens=16_384, max_batch_events=64), eng, enc, load_card(toy_model_dir)
    )
    items = [Item(Source("t", 0, i), b"k", orjson.dumps(e), 0.0) for i, e in enumerate(_events(12))]
    proc.prepare(items)
    groups = proc._length_groups([it for it in items if it.needs_model])
    assert sum(len(g) for g in groups) == 12 and len(groups) > 1
    assert all(len(g) == 1 or max(it.tokens for it in g) * len(g) <= 60 for g in groups)
    stats = proc.score(items)
    assert stats.engine_calls == len(groups)
    assert all(it.output is not None and it.output.kind == "decision" for it in items)


def test_tensorrt_options_cache_and_profiles(tmp_path: Path, monkeypatch: Any) -> None:
    from router_worker.engine import onnx as onnx_engine

    opts = onnx_engine.trt_options(tmp_path, max_batch=64, max_length=256, max_guidelines=32)
    assert opts["trt_engine_cache_enable"] == "True"
    assert opts["trt_engine_cache_path"] == str(tmp_path)
    assert opts["trt_timing_cache_path"] == str(tmp_path)
    assert opts["trt_fp16_enable"] == "True"
    assert opts["trt_profile_max_shapes"] == (
        "input_ids:64x256,attention_mask:64x256,guideline_spans:64x32x2"
    )
    assert opts["trt_profile_min_shapes"].startswith("input_ids:1x1,")
    model = tmp_path / "m.onnx"
    model.write_bytes(b"x" * 10)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert onnx_engine.default_trt_cache_dir(model) == (
        tmp_path / "xdg" / "escalation-router" / "trt" / "m-10"
    )


def test_many_superseded_turns_get_the_newest_result(toy_model_dir: Path) -> None:
    from router_worker.engine.onnx import OnnxEngine
    from router_worker.model_card import load_card
    from router_worker.pipeline import Item, Processor, Source
    from router_worker.settings import Settings

    eng = OnnxEngine.from_dir(toy_model_dir)
    proc = Processor(Settings(), eng, common.encoder_for(toy_model_dir), load_card(toy_model_dir))
    raws = [
        orjson.dumps(make_event(0, event_id=f"e{c}-{t}", conversation_id=f"c{c}", turn_index=t))
        for t in range(30)
        for c in range(3)
    ]
    items = [Item(Source("t", 0, i), b"k", r, 0.0) for i, r in enumerate(raws)]
    proc.prepare(items)
    stats = proc.score(items)
    assert stats.model_events == 3 and stats.superseded == 87
    for it in items:
        d = orjson.loads(it.output.value)  # type: ignore[union-attr, arg-type]
        conv, turn = d["conversation_id"], d["turn_index"]
        assert d["event_id"] == f"e{conv[1:]}-{turn}"
        assert d.get("superseded_by") == (None if turn == 29 else f"e{conv[1:]}-29")


def test_cpu_parallel_split_matches_plain_run(toy_model_dir: Path) -> None:
    from router_worker.engine.onnx import OnnxEngine

    enc = common.encoder_for(toy_model_dir)
    encs = sorted(common.encode_events(enc, _events(7)), key=lambda e: e.n_tokens)
    plain = OnnxEngine.from_dir(toy_model_dir, providers=["CPUExecutionProvider"])
    split = OnnxEngine.from_dir(toy_model_dir, providers=["CPUExecutionProvider"], cpu_parallel=2)
    assert split.cpu_parallel == 2 and split._pool is not None
    for group in (encs, encs[:2], encs[:3], [encs[0], encs[-1]], encs[:1]):
        batch = pad_batch(group, enc.pad_id)
        want, got = plain.run(batch), split.run(batch)
        np.testing.assert_allclose(got.decision_probs, want.decision_probs, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(got.reason_probs, want.reason_probs, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(got.citation_probs, want.citation_probs, rtol=1e-5, atol=1e-6)
    split.close()
    plain.close()
