"""router-loadgen: templates, timestamps, arrivals, and a bounded run against the real broker."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pytest

from router_worker import loadgen
from router_worker.records import TurnEvent, parse_turn
from tests.conftest import make_event
from tests.kafka_helpers import Topics, WorkerProcess


def test_template_renders_a_valid_event_with_the_new_ids() -> None:
    ev = make_event(3)
    ev["unknown_extra"] = {"kept": True}
    tpl = loadgen.make_template(ev)
    raw = tpl.render("run-7", "run-c7", "2026-11-27T10:15:00.123Z")
    parsed = parse_turn(raw, 1_000_000)
    assert isinstance(parsed, TurnEvent)
    assert parsed.event_id == "run-7" and parsed.conversation_id == "run-c7"
    assert parsed.sent_at == datetime(2026, 11, 27, 10, 15, 0, 123000, tzinfo=UTC)
    assert parsed.messages[-1].text == ev["messages"][-1]["text"]
    assert orjson.loads(raw)["unknown_extra"] == {"kept": True}


def test_clock_is_rfc3339_with_milliseconds() -> None:
    c = loadgen.Clock()
    s = c.stamp(1_795_771_135.0456)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", s)
    assert s.endswith(".045Z")
    assert datetime.fromisoformat(s).timestamp() == pytest.approx(1_795_771_135.045, abs=1e-3)


def test_poisson_arrivals_have_the_target_rate() -> None:
    rng = np.random.default_rng(1)
    t = loadgen.arrival_offsets(200.0, 20_000, rng)
    assert np.all(np.diff(t) >= 0)
    assert 20_000 / t[-1] == pytest.approx(200.0, rel=0.05)
    gaps = np.diff(t)
    assert np.std(gaps) / np.mean(gaps) == pytest.approx(1.0, rel=0.1)  # exponential: cv 1
    u = loadgen.arrival_offsets(100.0, 5, rng, "uniform")
    assert list(u) == pytest.approx([0, 0.01, 0.02, 0.03, 0.04])


def test_events_from_files_accepts_events_and_records(tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    f.write_bytes(
        orjson.dumps(make_event(1))
        + b"\n\n"
        + orjson.dumps(
            {"event": make_event(2), "label": {"decision": "offer", "reason": "request"}}
        )
        + b"\n"
    )
    events = loadgen.events_from_files([str(tmp_path / "*.jsonl")])
    assert [e["event_id"] for e in events] == ["evt-1", "evt-2"]
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    with pytest.raises(ValueError):
        loadgen.events_from_files([str(empty)])


def test_generated_events_are_valid() -> None:
    events = loadgen.generated_events(5, seed=3)
    assert len(events) == 5
    for e in events:
        assert isinstance(TurnEvent.model_validate(e), TurnEvent)


def test_percentiles() -> None:
    p = loadgen.percentiles(np.arange(1, 101, dtype=float))
    assert p["p50"] == pytest.approx(50.5) and p["max"] == 100 and p["p99"] > p["p95"]
    assert loadgen.percentiles(np.array([])) == {}


def test_cli_needs_a_bound_and_a_rate() -> None:
    with pytest.raises(SystemExit):
        loadgen.main(["--rate", "10"])
    with pytest.raises(SystemExit):
        loadgen.main(["--count", "10"])


# ---------------------------------------------------------------------------- real broker
@pytest.fixture
def worker(
    kafka_bootstrap: str, topic_factory: Any, toy_model_dir: Path, tmp_path: Path
) -> Iterator[tuple[WorkerProcess, Topics]]:
    topics = Topics.create(topic_factory, partitions=2)
    w = WorkerProcess(kafka_bootstrap, topics, toy_model_dir, "g-loadgen", tmp_path, name="lg")
    try:
        w.wait_ready()
        yield w, topics
    finally:
        w.close()


def _conn(bootstrap: str, topics: Topics) -> list[str]:
    return [
        "--bootstrap-servers",
        bootstrap,
        "--input-topic",
        topics.input,
        "--decisions-topic",
        topics.decisions,
        "--fallback-topic",
        topics.fallback,
        "--dead-letter-topic",
        topics.dead_letter,
        "--group-id",
        "g-loadgen",
    ]


def test_loadgen_against_the_worker(
    kafka_bootstrap: str,
    worker: tuple[WorkerProcess, Topics],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    w, topics = worker
    src = tmp_path / "events.jsonl"
    src.write_bytes(b"\n".join(orjson.dumps(make_event(i)) for i in range(7)) + b"\n")
    mixed = tmp_path / "mixed.jsonl"  # 7 valid events and one the worker dead-letters
    mixed.write_bytes(src.read_bytes() + orjson.dumps(make_event(8, turn_index=-1)) + b"\n")

    # Open loop from a file, count-bounded, JSON out.
    rc = loadgen.main(
        [
            *_conn(kafka_bootstrap, topics),
            "--from",
            str(mixed),
            "--rate",
            "150",
            "--count",
            "40",
            "--timeout",
            "60",
            "--json",
            "--timeline",
        ]
    )
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert rc == 0, w.logs()
    assert out["sent"] == 40 and out["results"] == 40
    assert out["missing"] == 0 and out["duplicates"] == 0
    assert out["dead_letters"] == 5  # each of the 8 templates is sent 5 times
    assert out["decisions"] + out["fallbacks"] == 35
    assert set(out["latency_s"]) >= {"p50", "p95", "p99", "max"}
    assert 0 < out["latency_s"]["p50"] <= out["latency_s"]["p99"] <= out["latency_s"]["max"]
    assert out["timeline"][-1]["done"] == 40
    assert out["throughput"] > 0

    # As fast as possible, from the generator.
    rc = loadgen.main(
        [
            *_conn(kafka_bootstrap, topics),
            "--generate",
            "20",
            "--max",
            "--count",
            "150",
            "--timeout",
            "60",
        ]
    )
    text = capsys.readouterr().out
    assert rc == 0, w.logs()
    assert "missing 0, duplicates 0" in text and "p99" in text
    assert w.metric("router_events_in_total") == 190

    # Duration-bounded at a rate: stops by itself.
    rc = loadgen.main(
        [
            *_conn(kafka_bootstrap, topics),
            "--from",
            str(src),
            "--rate",
            "40",
            "--duration",
            "0.5",
            "--json",
        ]
    )
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert rc == 0 and 0 < out["sent"] < 60 and out["results"] == out["sent"]
