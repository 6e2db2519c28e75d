"""The run checker: the pure core on hand-made runs, then the Kafka reader and the CLI."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import orjson
import pytest

from router_worker.verify import (
    InputRecord,
    OutputRecord,
    VerifyTopics,
    check,
    collect,
    input_record,
    output_record,
)
from tests.conftest import make_event
from tests.kafka_fixture import run_async

IN = "in"


def _inputs(*convs: str) -> list[InputRecord]:
    """One input per argument, partition 0, offsets 0.., event ids e0.."""
    return [InputRecord(0, i, f"e{i}", c, i) for i, c in enumerate(convs)]


def _dec(offset: int, event: str, conv: str, topic: str = "dec", part: int = 0) -> OutputRecord:
    return OutputRecord("decision", topic, part, offset, event_id=event, conversation_id=conv)


def _fb(offset: int, event: str, conv: str, reason: str = "low_confidence") -> OutputRecord:
    return OutputRecord(
        "fallback", "fb", 0, offset, event_id=event, conversation_id=conv, fallback_reason=reason
    )


def _dl(offset: int, src_offset: int, src_topic: str = IN) -> OutputRecord:
    return OutputRecord(
        "dead_letter",
        "dlq",
        0,
        offset,
        source_topic=src_topic,
        source_partition=0,
        source_offset=src_offset,
        error_type="invalid_json",
    )


# ------------------------------------------------------------------------------------ pure core
def test_clean_run_is_ok() -> None:
    ins = [*_inputs("a", "b", "a"), InputRecord(0, 3)]  # the last one is unparseable
    outs = [_dec(0, "e0", "a"), _fb(0, "e1", "b"), _dec(1, "e2", "a"), _dl(0, 3)]
    rep = check(ins, outs, input_topic=IN)
    assert rep.ok
    assert (rep.inputs, rep.decisions, rep.fallbacks, rep.dead_letters) == (4, 2, 1, 1)
    assert rep.fallback_reasons == {"low_confidence": 1}
    assert rep.dead_letter_types == {"invalid_json": 1}
    assert rep.lost == rep.duplicated == rep.unknown == rep.order_violations == 0
    assert "OK" in rep.summary()


def test_lost_input_is_reported() -> None:
    ins = [*_inputs("a", "b"), InputRecord(0, 2)]
    rep = check(ins, [_dec(0, "e0", "a")], input_topic=IN)
    assert not rep.ok
    assert rep.lost == 2  # e1 and the unparseable record without its dead letter
    assert rep.samples["lost"] == ["0:1 e1", "0:2"]


def test_duplicate_result_is_reported_once_per_input() -> None:
    ins = _inputs("a", "b")
    outs = [_dec(0, "e0", "a"), _dec(1, "e1", "b"), _fb(0, "e0", "a"), _dec(2, "e0", "a")]
    rep = check(ins, outs, input_topic=IN)
    assert not rep.ok
    assert rep.duplicated == 1 and rep.extra_results == 2
    assert rep.order_violations == 0  # a duplicate is a duplicate, not also an order violation
    assert rep.samples["duplicated"] == ["0:0 e0 x3"]


def test_dead_letter_and_decision_for_one_input_is_a_duplicate() -> None:
    ins = _inputs("a")
    rep = check(ins, [_dec(0, "e0", "a"), _dl(0, 0)], input_topic=IN)
    assert rep.duplicated == 1 and not rep.ok


def test_unknown_results_are_reported_but_do_not_fail() -> None:
    ins = _inputs("a")
    outs = [
        _dec(0, "e0", "a"),
        _dec(1, "ghost", "x"),
        _dl(0, 99),  # no input at offset 99
        _dl(1, 0, src_topic="other-topic"),  # another topic's dead letter
        OutputRecord("decision", "dec", 0, 2, malformed="unreadable"),
    ]
    rep = check(ins, outs, input_topic=IN)
    assert rep.unknown == 4
    assert rep.ok  # unknown results are reported; `verify --strict` fails on them
    assert rep.lost == rep.duplicated == 0


def test_order_violation_within_a_conversation() -> None:
    ins = _inputs("a", "a", "b", "a")
    # e1 (offset 1) appears after e3 (offset 3) in the same output partition.
    outs = [_dec(0, "e0", "a"), _dec(1, "e3", "a"), _dec(2, "e2", "b"), _dec(3, "e1", "a")]
    rep = check(ins, outs, input_topic=IN)
    assert rep.order_violations == 1 and not rep.ok
    assert rep.samples["order_violations"] == ["a: input 0:1 after 0:3"]


def test_order_is_per_output_partition_and_per_topic() -> None:
    ins = _inputs("a", "a", "a")
    # Different topics (decision vs fallback) have no order between them, nor do
    # different partitions of one topic.
    outs = [_dec(5, "e2", "a"), _fb(0, "e1", "a"), _dec(0, "e0", "a", part=1)]
    assert check(ins, outs, input_topic=IN).order_violations == 0


def test_llm_decisions_are_not_worker_results() -> None:
    ins = _inputs("a")
    llm = OutputRecord(
        "decision", "dec", 0, 1, event_id="e0", conversation_id="a", decided_by="llm"
    )
    rep = check(ins, [_fb(0, "e0", "a", "model_unavailable"), llm], input_topic=IN)
    assert rep.ok and rep.llm_decisions == 1 and rep.duplicated == 0


def test_aborted_records_are_counted_and_must_not_be_committed() -> None:
    ins = _inputs("a")
    aborted = [_dec(0, "e0", "a")]
    ok = check(ins, [_dec(1, "e0", "a")], input_topic=IN, aborted=aborted)
    assert ok.ok and ok.aborted_records == 1 and ok.aborted_seen_by_read_committed == 0
    # The committed view holding the aborted record (same topic/partition/offset) fails,
    # even if that is the only result of its input.
    bad = check(ins, [_dec(0, "e0", "a")], input_topic=IN, aborted=aborted)
    assert bad.aborted_seen_by_read_committed == 1 and not bad.ok


def test_repeated_event_ids_need_one_result_each() -> None:
    ins = [InputRecord(0, 0, "same", "a"), InputRecord(0, 1, "same", "a")]
    assert check(ins, [_dec(0, "same", "a"), _dec(1, "same", "a")]).ok
    rep = check(ins, [_dec(0, "same", "a")])
    assert rep.lost == 1 and rep.duplicated == 0


def test_pending_inputs_of_a_live_run() -> None:
    ins = _inputs("a", "b", "c")
    rep = check(ins, [_dec(0, "e0", "a")], pending_from={0: 1})
    assert rep.ok and rep.pending == 2 and rep.lost == 0


def test_decoding_hostile_records_never_raises() -> None:
    assert input_record(0, 0, None) == InputRecord(0, 0)
    assert input_record(0, 1, b"\xff") == InputRecord(0, 1)
    assert input_record(0, 2, b"[1]") == InputRecord(0, 2)
    assert input_record(0, 3, b'{"event_id": 5}') == InputRecord(0, 3)
    ev = input_record(0, 4, orjson.dumps(make_event(7, turn_index=3)))
    assert (ev.event_id, ev.conversation_id, ev.turn_index) == ("evt-7", "conv-7", 3)
    assert output_record("decision", "d", 0, 0, b"nope").malformed
    assert output_record("fallback", "f", 0, 0, b'{"event": 1}').malformed
    assert output_record("dead_letter", "q", 0, 0, None, [("source.offset", b"x")]).malformed
    fb = output_record(
        "fallback", "f", 0, 1, orjson.dumps({"fallback_reason": "too_long", "event": make_event(2)})
    )
    assert (fb.event_id, fb.conversation_id, fb.fallback_reason) == ("evt-2", "conv-2", "too_long")


# ------------------------------------------------------------------------------------ Kafka
def _topics(topic_factory: Any) -> VerifyTopics:
    return VerifyTopics(
        topic_factory(2, prefix="vin"),
        topic_factory(2, prefix="vdec"),
        topic_factory(1, prefix="vfb"),
        topic_factory(1, prefix="vdlq"),
    )


def _fake_run(bootstrap: str, t: VerifyTopics, *, duplicate: bool) -> None:
    """Inputs, then a 'worker' writing results in transactions, one of them aborted."""
    from aiokafka import AIOKafkaProducer

    async def go() -> None:
        plain = AIOKafkaProducer(bootstrap_servers=bootstrap)
        await plain.start()
        metas = []
        try:
            for i in range(6):
                ev = make_event(i, conversation_id=f"c{i % 2}", turn_index=i)
                metas.append(
                    await plain.send_and_wait(t.input, orjson.dumps(ev), key=b"k", partition=0)
                )
            metas.append(await plain.send_and_wait(t.input, b"{broken", key=b"k", partition=0))
        finally:
            await plain.stop()
        txn = AIOKafkaProducer(bootstrap_servers=bootstrap, transactional_id=f"v-{t.input}")
        await txn.start()
        try:
            # An aborted attempt holding results for the first two events...
            await txn.begin_transaction()
            for i in range(2):
                d = {"event_id": f"evt-{i}", "conversation_id": f"c{i % 2}", "decided_by": "model"}
                await txn.send_and_wait(t.decisions, orjson.dumps(d), partition=0)
            await txn.abort_transaction()
            # ...then the committed one with every result.
            async with txn.transaction():
                for i in range(5):
                    d = {
                        "event_id": f"evt-{i}",
                        "conversation_id": f"c{i % 2}",
                        "decided_by": "model",
                    }
                    await txn.send(t.decisions, orjson.dumps(d), partition=0)
                fb = {"fallback_reason": "too_long", "event": make_event(5, conversation_id="c1")}
                await txn.send(t.fallback, orjson.dumps(fb))
                m = metas[-1]
                headers = [
                    ("error.type", b"invalid_json"),
                    ("error.message", b"not valid UTF-8 JSON"),
                    ("source.topic", t.input.encode()),
                    ("source.partition", str(m.partition).encode()),
                    ("source.offset", str(m.offset).encode()),
                ]
                await txn.send(t.dead_letter, b"{broken", key=b"k", headers=headers)
                if duplicate:
                    d = {"event_id": "evt-3", "conversation_id": "c1", "decided_by": "model"}
                    await txn.send(t.decisions, orjson.dumps(d), partition=0)
        finally:
            await txn.stop()

    run_async(go, timeout=60)


def test_collect_reads_both_views_and_counts_aborted(
    kafka_bootstrap: str, topic_factory: Any
) -> None:
    t = _topics(topic_factory)
    _fake_run(kafka_bootstrap, t, duplicate=False)
    rep = asyncio.run(collect({"bootstrap_servers": kafka_bootstrap}, t, timeout=10, idle=0.5))
    assert rep.ok, rep.summary()
    assert (rep.inputs, rep.decisions, rep.fallbacks, rep.dead_letters) == (7, 5, 1, 1)
    assert rep.aborted_records == 2 and rep.aborted_seen_by_read_committed == 0
    assert rep.open_transaction_records == 0
    assert rep.lost == rep.duplicated == rep.unknown == rep.order_violations == 0
    # A live check: a group that committed nothing leaves every input pending, not lost.
    live = asyncio.run(
        collect({"bootstrap_servers": kafka_bootstrap}, t, group=f"no-such-group-{t.input}")
    )
    assert live.pending == 7 and live.lost == 0 and live.ok


def test_cli_exit_codes_and_json(
    kafka_bootstrap: str, topic_factory: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from router_worker.cli import main

    t = _topics(topic_factory)
    args = [
        "verify",
        "--bootstrap-servers",
        kafka_bootstrap,
        "--input-topic",
        t.input,
        "--decisions-topic",
        t.decisions,
        "--fallback-topic",
        t.fallback,
        "--dead-letter-topic",
        t.dead_letter,
    ]
    # Nothing processed yet: every input is lost.
    _fake_inputs_only(kafka_bootstrap, t)
    assert main([*args, "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and out["lost"] == 1 and out["inputs"] == 1
    # A run with a duplicate.
    t2 = _topics(topic_factory)
    _fake_run(kafka_bootstrap, t2, duplicate=True)
    args2 = [
        a
        if a not in (t.input, t.decisions, t.fallback, t.dead_letter)
        else {
            t.input: t2.input,
            t.decisions: t2.decisions,
            t.fallback: t2.fallback,
            t.dead_letter: t2.dead_letter,
        }[a]
        for a in args
    ]
    assert main([*args2, "--timeout", "5", "--idle", "0.5"]) == 1
    text = capsys.readouterr().out
    assert "duplicated              1" in text and "FAILED" in text
    # A topic that does not exist: a clear error, exit 2.
    assert main([*args[:-1], "no-such-topic-xyz"]) == 2
    assert "no-such-topic-xyz" in capsys.readouterr().err


def _fake_inputs_only(bootstrap: str, t: VerifyTopics) -> None:
    from aiokafka import AIOKafkaProducer

    async def go() -> None:
        p = AIOKafkaProducer(bootstrap_servers=bootstrap)
        await p.start()
        try:
            await p.send_and_wait(t.input, orjson.dumps(make_event(1)), key=b"conv-1")
        finally:
            await p.stop()

    run_async(go, timeout=30)
