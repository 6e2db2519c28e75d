"""The worker against a real broker: happy path, poison, SIGKILL, two members, SIGTERM drain."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import orjson

from tests.conftest import make_event
from tests.kafka_helpers import (
    Topics,
    WorkerProcess,
    produce,
    read_committed,
    result_ids,
    start_worker,
)


def _conversation_events(n: int, conversations: int, prefix: str) -> list[tuple[bytes, bytes]]:
    """n events over some conversations, turn_index growing within each."""
    out = []
    turns: dict[int, int] = {}
    for i in range(n):
        c = i % conversations
        t = turns.get(c, 0)
        turns[c] = t + 1
        ev = make_event(
            0, event_id=f"{prefix}-{i}", conversation_id=f"{prefix}-conv-{c}", turn_index=t
        )
        out.append((ev["conversation_id"].encode(), orjson.dumps(ev)))
    return out


_start = start_worker


def test_happy_path_every_event_decided_once_in_order(
    kafka_bootstrap: str,
    topic_factory: Any,
    toy_model_dir: Path,
    tmp_path: Path,
    workers: list[WorkerProcess],
) -> None:
    topics = Topics.create(topic_factory, partitions=3)
    records = _conversation_events(300, 40, "hp")
    produce(kafka_bootstrap, topics.input, records)
    w = _start(workers, kafka_bootstrap, topics, toy_model_dir, "g-happy", tmp_path)
    w.wait_ready()
    col = read_committed(kafka_bootstrap, topics.outputs(), expected=300)
    ids = result_ids(col, topics)
    assert len(ids) == 300 and set(ids.values()) == {1}, w.logs()
    # Per conversation, results come out in input order.
    seen: dict[str, int] = {}
    for r in col.by_topic[topics.decisions]:
        d = orjson.loads(r.value)
        assert r.key == d["conversation_id"].encode()
        assert d["turn_index"] > seen.get(d["conversation_id"], -1)
        seen[d["conversation_id"]] = d["turn_index"]
        assert d["decided_by"] in ("model", "guardrail") and d["model_version"] == "toy-0"
    assert w.metric("router_events_in_total") == 300
    assert w.metric("router_transactions_total") >= 1
    status, body = w.http("/readyz")
    assert status == 200 and "ready" in body
    assert w.http("/healthz")[0] == 200
    assert w.http("/nope")[0] == 404
    assert w.terminate() == 0


def test_poison_records_go_to_dead_letter_with_headers(
    kafka_bootstrap: str,
    topic_factory: Any,
    toy_model_dir: Path,
    tmp_path: Path,
    workers: list[WorkerProcess],
) -> None:
    topics = Topics.create(topic_factory, partitions=1)
    good = _conversation_events(60, 60, "ps")
    poison: list[tuple[bytes | None, bytes | None]] = [
        (b"p1", b"{not json"),
        (b"p2", b"\xff\xfe\x00"),
        (b"p3", orjson.dumps({"schema_version": 1})),
        (b"p4", b"[]"),
        (b"p5", b"{" + b" " * 5000 + b"}"),  # over max_record_bytes
        (b"p6", None),  # a tombstone
    ]
    records: list[tuple[bytes | None, bytes | None]] = []
    for i, g in enumerate(good):
        records.append(g)
        if i % 10 == 5:
            records.append(poison[i // 10])
    metas = produce(kafka_bootstrap, topics.input, records)
    w = _start(
        workers, kafka_bootstrap, topics, toy_model_dir, "g-poison", tmp_path, max_record_bytes=4096
    )
    w.wait_ready()
    col = read_committed(kafka_bootstrap, topics.outputs(), expected=len(records))
    ids = result_ids(col, topics)
    assert len(ids) == len(records) and set(ids.values()) == {1}
    dlq = col.by_topic[topics.dead_letter]
    assert len(dlq) == len(poison)
    by_offset = {int(dict(r.headers)["source.offset"]): r for r in dlq}
    for (key, value), (part, off) in zip(records, metas, strict=True):
        if (key, value) in poison:
            r = by_offset[off]
            h = dict(r.headers)
            assert r.key == key
            if h["error.type"] == b"too_large":  # refused unread: value left in the input
                assert r.value is None and h["error.original_bytes"] == str(len(value)).encode()
            else:
                assert r.value == value  # original bytes, untouched
            assert (
                h["source.topic"].decode() == topics.input
                and h["source.partition"] == str(part).encode()
            )
            assert h["error.type"] in (b"invalid_json", b"invalid_event", b"too_large")
            assert h["error.message"]
    types = sorted(dict(r.headers)["error.type"].decode() for r in dlq)
    assert types.count("too_large") == 1 and "invalid_event" in types
    assert w.metric("router_dead_letters_total") == len(poison)
    assert w.proc.poll() is None  # still serving


def test_sigkill_mid_batch_then_restart_exactly_once(
    kafka_bootstrap: str,
    topic_factory: Any,
    toy_model_dir: Path,
    tmp_path: Path,
    workers: list[WorkerProcess],
) -> None:
    topics = Topics.create(topic_factory, partitions=3)
    n = 3000
    produce(kafka_bootstrap, topics.input, _conversation_events(n, 500, "kill"))
    w = _start(
        workers, kafka_bootstrap, topics, toy_model_dir, "g-kill", tmp_path, max_batch_events=16
    )
    w.wait_ready()
    deadline = time.monotonic() + 60
    while w.metric("router_transactions_total") < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    w.kill()  # SIGKILL while batches are in flight
    w2 = _start(workers, kafka_bootstrap, topics, toy_model_dir, "g-kill", tmp_path)
    w2.wait_ready()
    col = read_committed(kafka_bootstrap, topics.outputs(), expected=n, timeout=180, settle=3)
    ids = result_ids(col, topics)
    dups = {k: v for k, v in ids.items() if v > 1}
    assert not dups, f"duplicates: {list(dups.items())[:5]}"
    assert len(ids) == n, f"lost {n - len(ids)}\n{w2.logs()}"


def test_two_workers_share_partitions_exactly_once(
    kafka_bootstrap: str,
    topic_factory: Any,
    toy_model_dir: Path,
    tmp_path: Path,
    workers: list[WorkerProcess],
) -> None:
    topics = Topics.create(topic_factory, partitions=4)
    a = _start(workers, kafka_bootstrap, topics, toy_model_dir, "g-two", tmp_path)
    b = _start(workers, kafka_bootstrap, topics, toy_model_dir, "g-two", tmp_path)
    a.wait_ready()
    b.wait_ready()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if (
            a.metric("router_assigned_partitions") + b.metric("router_assigned_partitions") == 4
            and a.metric("router_assigned_partitions") > 0
            and b.metric("router_assigned_partitions") > 0
        ):
            break
        time.sleep(0.2)
    n = 1000
    produce(kafka_bootstrap, topics.input, _conversation_events(n, 200, "two"))
    col = read_committed(kafka_bootstrap, topics.outputs(), expected=n, timeout=120)
    ids = result_ids(col, topics)
    assert len(ids) == n and set(ids.values()) == {1}
    assert a.metric("router_events_in_total") > 0 and b.metric("router_events_in_total") > 0
    assert a.metric("router_events_in_total") + b.metric("router_events_in_total") == n


def test_sigterm_drains_and_exits_zero(
    kafka_bootstrap: str,
    topic_factory: Any,
    toy_model_dir: Path,
    tmp_path: Path,
    workers: list[WorkerProcess],
) -> None:
    topics = Topics.create(topic_factory, partitions=2)
    n = 2000
    produce(kafka_bootstrap, topics.input, _conversation_events(n, 400, "term"))
    w = _start(
        workers, kafka_bootstrap, topics, toy_model_dir, "g-term", tmp_path, max_batch_events=16
    )
    w.wait_ready()
    deadline = time.monotonic() + 60
    while w.metric("router_transactions_total") < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    t0 = time.monotonic()
    assert w.terminate(timeout=30) == 0, w.logs()
    assert time.monotonic() - t0 < 20
    assert '"msg": "draining"' in w.logs() or '"msg":"draining"' in w.logs()
    # What it committed is exactly-once so far; a second worker finishes the rest.
    w2 = _start(workers, kafka_bootstrap, topics, toy_model_dir, "g-term", tmp_path)
    w2.wait_ready()
    col = read_committed(kafka_bootstrap, topics.outputs(), expected=n, timeout=120)
    ids = result_ids(col, topics)
    assert len(ids) == n and set(ids.values()) == {1}


def test_batches_scored_during_a_commit_share_the_next_transaction(
    kafka_bootstrap: str,
    topic_factory: Any,
    toy_model_dir: Path,
    tmp_path: Path,
    workers: list[WorkerProcess],
) -> None:
    # One event per batch: scoring takes well under a millisecond, a commit several broker
    # round trips, so most batches must wait for, and then share, a later transaction.
    topics = Topics.create(topic_factory, partitions=1)
    records = _conversation_events(400, 400, "co")
    produce(kafka_bootstrap, topics.input, records)
    w = _start(
        workers, kafka_bootstrap, topics, toy_model_dir, "g-coalesce", tmp_path, max_batch_events=1
    )
    col = read_committed(kafka_bootstrap, topics.outputs(), expected=400)
    ids = result_ids(col, topics)
    assert len(ids) == 400 and set(ids.values()) == {1}, w.logs()
    order = [
        int(orjson.loads(r.value)["event_id"].split("-")[1]) for r in col.by_topic[topics.decisions]
    ]
    assert order == sorted(order)  # one partition: results in input order
    batches = w.metric("router_batch_size_count")
    committed = w.metric('router_transactions_total{result="committed"}')
    assert batches >= 400
    assert 1 <= committed < batches / 2, (committed, batches)
    # Every stage of the latency breakdown was observed.
    for stage in ("prepare", "batch_wait", "score", "publish"):
        assert w.metric(f'router_stage_latency_seconds_count{{stage="{stage}"}}') > 0, stage
