"""Hostile input: every record is a valid event or a dead letter with a clear message.

* property-based tests (hypothesis) over ``parse_turn`` and over the whole
  ``Processor.prepare`` + ``score`` path with the toy model;
* size limits: a 10 MB record is refused before parsing, and the tokenizer never sees more
  than ``TextEncoder.max_chars`` characters of one event, whatever the event holds;
* a flood through a real worker: thousands of poison records interleaved with good ones,
  every poison record in the dead-letter topic with its headers and original bytes, every
  good one decided, the worker's memory bounded.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from router_worker.pipeline import Item, Processor, Source
from router_worker.records import ParseFailure, TurnEvent, parse_turn
from tests.conftest import make_event

LIMIT = 1_000_000
FIELDS = set(TurnEvent.model_fields)
ERROR_TYPES = {"too_large", "invalid_json", "invalid_event"}
_PATH = re.compile(r"^(<root>|[A-Za-z_]\w*(\.[^.:\s]+)*): \S")


# ------------------------------------------------------------------------------------ strategies
def _plane_char(plane: int, offset: int) -> str:
    cp = plane * 0x10000 + offset
    if 0xD800 <= cp <= 0xDFFF:
        cp = 0xE000  # surrogates cannot be encoded; they get their own strategy below
    return chr(cp)


# Every Unicode plane (0-16), control characters, and everything else hypothesis likes.
any_char = st.one_of(
    st.characters(min_codepoint=0, max_codepoint=0x10FFFF),
    st.builds(_plane_char, st.integers(0, 16), st.integers(0, 0xFFFF)),
    st.sampled_from(["\x00", "\x07", "\x1b", "\x7f", "\u200b", "\u2028", "\ufeff", "\ufffd"]),
)
any_text = st.text(any_char, max_size=40)  # may hold lone surrogates: invalid UTF-8 on the wire
# Every plane and control character, but encodable: what a valid event may contain.
utf8_char = st.one_of(
    st.characters(codec="utf-8"),
    st.builds(_plane_char, st.integers(0, 16), st.integers(0, 0xFFFF)),
    st.sampled_from(["\x00", "\x07", "\x1b", "\x7f", "\u200b", "\u2028", "\ufeff", "\ufffd"]),
)
utf8_text = st.text(utf8_char, max_size=40)
# JSON numbers out of every range: big ints, tiny and huge floats, negative zero.
numbers = st.one_of(
    st.integers(),
    st.integers(min_value=2**63 - 2, max_value=2**70),
    st.integers(min_value=-(2**70), max_value=-(2**63) + 2),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, -0.0, 1e-320, 1.7976931348623157e308, 2**53 + 1]),
)
json_leaf = st.one_of(st.none(), st.booleans(), numbers, any_text)
json_value = st.recursive(
    json_leaf,
    lambda ch: st.lists(ch, max_size=4) | st.dictionaries(any_text, ch, max_size=4),
    max_leaves=12,
)


utf8_json = st.recursive(
    st.one_of(st.none(), st.booleans(), numbers, utf8_text),
    lambda ch: st.lists(ch, max_size=4) | st.dictionaries(utf8_text, ch, max_size=4),
    max_leaves=12,
)


def _dumps(obj: Any, ascii_only: bool) -> bytes:
    # The standard library writes ints of any size and (ensure_ascii) escapes every
    # non-ASCII character, so both encodings of the same text are exercised.
    return json.dumps(obj, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


@st.composite
def events(draw: st.DrawFn) -> dict[str, Any]:
    """A plausible TurnEvent with hostile text, sizes and counts, often still valid."""
    n_msgs = draw(st.one_of(st.integers(1, 4), st.sampled_from([0, 499, 500, 501])))
    roles = st.sampled_from(["user", "assistant", "agent", "system"])
    short_or_huge = st.one_of(
        any_text, st.sampled_from([0, 19_999, 20_000, 20_001]).map(lambda n: "ä" * n)
    )
    text = draw(short_or_huge)
    messages = [{"role": draw(roles), "text": text} for _ in range(n_msgs)]
    if messages and draw(st.booleans()):
        messages[-1] = {"role": "user", "text": draw(any_text)}
    n_g = draw(st.one_of(st.integers(0, 3), st.sampled_from([99, 100, 101])))
    g_text = draw(st.one_of(any_text, st.sampled_from(["x" * 2000, "y" * 2001])))
    dup = draw(st.booleans())
    guidelines = [
        {"id": "g-same" if dup and i < 2 else f"g-{i}", "text": g_text or "t"} for i in range(n_g)
    ]
    depth = draw(st.sampled_from([0, 1, 50, 600, 1100]))
    nested: Any = "deep"
    for _ in range(depth):
        nested = {"n": nested}
    ev: dict[str, Any] = {
        "schema_version": draw(st.sampled_from([1, 1, 1, 2, "1", None])),
        "event_id": draw(st.one_of(st.just("evt-h"), any_text)),
        "tenant_id": draw(st.one_of(st.just("acme"), any_text)),
        "conversation_id": draw(st.one_of(st.just("conv-h"), any_text)),
        "turn_index": draw(st.one_of(st.integers(0, 10), numbers)),
        "sent_at": draw(
            st.sampled_from(
                [
                    "2026-11-27T10:15:00Z",
                    "2026-11-27T10:15:00",
                    "yesterday",
                    "9999-12-31T23:59:59+14:00",
                ]
            )
        ),
        "messages": messages,
        "guidelines": guidelines,
        "context": {
            "plan": draw(any_text),
            "account_value_usd": draw(numbers),
            "renewal_in_days": draw(numbers),
            "ai_confidence": draw(numbers),
            "nested": nested,
            draw(any_text): draw(json_value),
        },
    }
    # Missing, extra and wrongly typed fields.
    for key in draw(st.lists(st.sampled_from(sorted(FIELDS)), max_size=2)):
        if draw(st.booleans()):
            ev.pop(key, None)
        else:
            ev[key] = draw(json_value)
    if draw(st.booleans()):
        ev[draw(any_text)] = draw(json_value)
    return ev


@st.composite
def valid_events(draw: st.DrawFn) -> dict[str, Any]:
    """Valid TurnEvents at the edges: any Unicode, maximum counts and lengths, odd context."""
    ident = st.text(utf8_char, min_size=1, max_size=128)
    many = draw(st.booleans())
    text = st.one_of(utf8_text, st.just("ü" * 20_000)) if not many else utf8_text
    n_msgs = 500 if many else draw(st.integers(1, 4))
    messages = [
        {
            "role": draw(st.sampled_from(["user", "assistant", "agent", "system"])),
            "text": draw(text),
        }
        for _ in range(n_msgs if not many else 1)
    ] * (n_msgs if many else 1)
    n_g = draw(st.sampled_from([0, 1, 3, 100]))
    g_text = (
        st.text(utf8_char, min_size=1, max_size=40)
        if n_g == 100
        else st.one_of(st.text(utf8_char, min_size=1, max_size=40), st.just("r" * 2000))
    )
    guidelines = [{"id": f"g-{i}-{draw(utf8_text)}", "text": draw(g_text)} for i in range(n_g)]
    depth = draw(st.sampled_from([0, 10, 900]))
    nested: Any = draw(utf8_json)
    for _ in range(depth):
        nested = [nested]
    return {
        "schema_version": 1,
        "event_id": draw(ident),
        "tenant_id": draw(ident),
        "conversation_id": draw(st.text(utf8_char, min_size=1, max_size=256)),
        "turn_index": draw(st.integers(0, 2**64 - 1)),
        "sent_at": "2026-11-27T10:15:00+14:00",
        "language": draw(st.one_of(st.none(), st.text(utf8_char, max_size=35))),
        "messages": messages,
        "guidelines": guidelines,
        "context": {
            "plan": draw(utf8_text),
            "account_value_usd": draw(st.floats(0, 1e308)),
            "renewal_in_days": draw(st.integers(-(2**63), 2**63 - 1)),
            "ai_confidence": draw(st.floats(0, 1)),
            "deep": nested,
            draw(utf8_text): draw(utf8_json),
        },
    }


@st.composite
def raw_records(draw: st.DrawFn) -> bytes | None:
    kind = draw(st.sampled_from(["bytes", "json", "event", "event", "event", "broken", "none"]))
    if kind == "none":
        return None
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "json":
        return _dumps(draw(json_value), draw(st.booleans()))
    raw = _dumps(draw(events()), draw(st.booleans()))
    if kind == "broken":
        # Invalid UTF-8, truncation, or a lone surrogate escape spliced into a valid event.
        cut = draw(st.integers(0, len(raw)))
        bad = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\\ud800", b"", b"\x00"]))
        raw = raw[:cut] + bad + raw[cut:]
    return raw


# ------------------------------------------------------------------------------------ parser
def _check_failure(f: ParseFailure) -> None:
    assert f.error_type in ERROR_TYPES
    assert f.message.strip()
    if f.error_type == "invalid_event":
        m = _PATH.match(f.message)
        assert m, f.message
        assert m.group(1).split(".")[0] in FIELDS | {"<root>"}, f.message
    elif f.error_type == "too_large":
        assert f.message.startswith("record is ")
    else:
        assert f.message.startswith(("not valid UTF-8 JSON", "record has no value"))
    f.message.encode("utf-8")  # always a valid header value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_records())
def test_parser_never_raises_and_explains_every_failure(raw: bytes | None) -> None:
    t0 = time.perf_counter()
    out = parse_turn(raw, LIMIT)
    assert time.perf_counter() - t0 < 2.0  # no pathological input makes it hang
    if isinstance(out, ParseFailure):
        _check_failure(out)
    else:
        assert isinstance(out, TurnEvent)
        assert 1 <= len(out.messages) <= 500 and len(out.guidelines) <= 100
        assert len({g.id for g in out.guidelines}) == len(out.guidelines)
        assert out.turn_index >= 0 and out.sent_at.tzinfo is not None


@settings(max_examples=100, deadline=None)
@given(st.binary(min_size=0, max_size=4000))
def test_arbitrary_bytes_are_a_dead_letter_or_an_event(raw: bytes) -> None:
    out = parse_turn(raw, LIMIT)
    assert isinstance(out, ParseFailure | TurnEvent)
    if isinstance(out, ParseFailure):
        _check_failure(out)


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda e: e.update(messages=[{"role": "user", "text": "hi"}] * 501), "messages"),
        (
            lambda e: e.update(guidelines=[{"id": f"g{i}", "text": "t"} for i in range(101)]),
            "guidelines",
        ),
        (lambda e: e["guidelines"].append({"id": "g-orders", "text": "again"}), "<root>"),
        (lambda e: e["messages"][0].update(text="x" * 20_001), "messages.0.text"),
        (lambda e: e["guidelines"][0].update(text="x" * 2_001), "guidelines.0.text"),
        (lambda e: e.update(turn_index=2**64), "turn_index"),
        (lambda e: e.update(turn_index=-1), "turn_index"),
        (lambda e: e.update(turn_index=1.5), "turn_index"),
        (lambda e: e.update(turn_index=True), None),  # pydantic: a bool is not an int? see below
        (lambda e: e["context"].update(renewal_in_days=10**30), "context.renewal_in_days"),
        (lambda e: e["context"].update(ai_confidence=-0.1), "context.ai_confidence"),
        (lambda e: e.update(event_id="e" * 129), "event_id"),
        (lambda e: e.update(event_id=""), "event_id"),
        (lambda e: e.update(messages="hi"), "messages"),
        (lambda e: e.update(context=[1, 2]), "context"),
    ],
)
def test_edge_cases_name_the_field(mutate: Any, path: str | None) -> None:
    ev = make_event()
    mutate(ev)
    out = parse_turn(_dumps(ev, False), LIMIT)
    if path is None:  # either outcome is acceptable, but it must be one of the two
        assert isinstance(out, TurnEvent | ParseFailure)
        return
    assert isinstance(out, ParseFailure), out
    _check_failure(out)
    assert out.message.startswith(path), out.message


def test_deeply_nested_context_and_control_characters() -> None:
    nested: Any = 1
    for _ in range(200):
        nested = [nested]
    ev = make_event(context={"plan": "pro\x00\x1b[31m", "deep": nested})
    ev["messages"][-1]["text"] = "".join(chr(p * 0x10000 + 0x41) for p in range(17)) + "\u0000"
    out = parse_turn(orjson.dumps(ev), LIMIT)
    assert isinstance(out, TurnEvent)  # unknown context keys are kept, never an error
    too_deep = b'{"context": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    out2 = parse_turn(too_deep, LIMIT)
    assert isinstance(out2, ParseFailure) and out2.error_type == "invalid_json"
    assert "depth" in out2.message


def test_ten_megabyte_record_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    import router_worker.records as records

    def boom(_: bytes) -> Any:
        raise AssertionError("a too-large record must not be parsed")

    raw = orjson.dumps(make_event())[:-1] + b',"pad":"' + b"x" * 10_000_000 + b'"}'
    monkeypatch.setattr(records.orjson, "loads", boom)
    t0 = time.perf_counter()
    out = parse_turn(raw, LIMIT)
    elapsed = time.perf_counter() - t0
    assert isinstance(out, ParseFailure) and out.error_type == "too_large"
    assert f"{len(raw)} bytes" in out.message and elapsed < 0.01


# ------------------------------------------------------------------------------------ pipeline
class _RecordingTokenizer:
    """Delegates to the real tokenizer and records the length of every text it is given."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.lengths: list[int] = []

    def encode_batch(self, texts: list[str], *a: Any, **kw: Any) -> Any:
        self.lengths.extend(len(t) for t in texts)
        return self._inner.encode_batch(texts, *a, **kw)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@pytest.fixture(scope="module")
def processor(toy_model_dir: Path) -> tuple[Processor, _RecordingTokenizer]:
    from router_worker.app import build_processor, load_model
    from router_worker.settings import Settings

    s = Settings(model_dir=toy_model_dir, intra_op_threads=1)
    model = load_model(s)
    rec = _RecordingTokenizer(model.encoder.tokenizer)
    model.encoder.tokenizer = rec  # type: ignore[assignment]
    return build_processor(s, model), rec


def _items(raws: list[bytes | None]) -> list[Item]:
    return [Item(Source("in", 0, i), b"k", r, time.monotonic()) for i, r in enumerate(raws)]


def _check_outputs(proc: Processor, items: list[Item], max_chars: int) -> None:
    for it in items:
        out = it.output
        assert out is not None, it
        assert out.kind in ("decision", "fallback", "dead_letter")
        if out.kind == "dead_letter":
            h = dict(out.headers)
            if h["error.type"] == b"too_large":  # refused unread; the bytes stay in the input
                assert out.value is None
                assert h["error.original_bytes"] == str(len(it.raw or b"")).encode()
            else:
                assert out.value == it.raw  # the original bytes, untouched
            assert h["error.type"].decode() in ERROR_TYPES
            msg = h["error.message"].decode()
            assert msg.strip() and len(msg) <= 1000
            assert h["source.offset"] == str(it.source.offset).encode()
            assert it.failure is not None
            _check_failure(it.failure)
        else:
            assert it.event is not None and out.value is not None
            doc = orjson.loads(out.value)  # what is published is valid JSON
            ev_id = doc["event"]["event_id"] if out.kind == "fallback" else doc["event_id"]
            assert ev_id == it.event.event_id
            assert out.key == it.event.conversation_id.encode()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(raw_records(), min_size=1, max_size=6))
def test_every_hostile_record_gets_exactly_one_output(
    processor: tuple[Processor, _RecordingTokenizer], raws: list[bytes | None]
) -> None:
    proc, rec = processor
    rec.lengths.clear()
    items = _items(raws)
    proc.prepare(items)
    proc.score(items)
    _check_outputs(proc, items, proc.encoder.max_chars)
    assert all(n <= proc.encoder.max_chars for n in rec.lengths), max(rec.lengths)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(valid_events(), st.booleans())
def test_valid_hostile_events_are_decided_or_sent_to_fallback(
    processor: tuple[Processor, _RecordingTokenizer], ev: dict[str, Any], ascii_only: bool
) -> None:
    proc, rec = processor
    raw = _dumps(ev, ascii_only)
    parsed = parse_turn(raw, LIMIT)
    assert isinstance(parsed, TurnEvent), parsed
    rec.lengths.clear()
    items = _items([raw])
    proc.prepare(items)
    proc.score(items)
    _check_outputs(proc, items, proc.encoder.max_chars)
    assert items[0].output.kind in ("decision", "fallback")  # type: ignore[union-attr]
    assert all(n <= proc.encoder.max_chars for n in rec.lengths)


@pytest.mark.parametrize(
    "shape",
    ["500 huge messages", "100 huge guidelines", "huge context", "one huge message"],
)
def test_tokenizer_never_sees_more_than_max_chars(
    processor: tuple[Processor, _RecordingTokenizer], shape: str
) -> None:
    proc, rec = processor
    ev = make_event()
    if shape == "500 huge messages":
        ev["messages"] = [{"role": "user", "text": "word " * 3_999}] * 500
    elif shape == "100 huge guidelines":
        ev["guidelines"] = [{"id": f"g{i}", "text": "rule " * 399} for i in range(100)]
    elif shape == "huge context":
        ev["context"] = {
            "plan": "p" * 300_000,
            "page": "/" * 300_000,
            "open_incident": "i" * 300_000,
        }
    else:
        ev["messages"] = [{"role": "user", "text": "x" * 20_000}]
    raw = orjson.dumps(ev)
    limit = max(LIMIT, len(raw) + 1)
    proc.settings = proc.settings.model_copy(update={"max_record_bytes": limit})
    try:
        rec.lengths.clear()
        items = _items([raw])
        proc.prepare(items)
        proc.score(items)
    finally:
        proc.settings = proc.settings.model_copy(update={"max_record_bytes": LIMIT})
    assert items[0].event is not None, items[0].failure
    assert rec.lengths and max(rec.lengths) <= proc.encoder.max_chars, (shape, rec.lengths)
    assert items[0].output is not None and items[0].output.kind in ("decision", "fallback")


# ------------------------------------------------------------------------------------ flood
def _poison(rng: random.Random, i: int) -> tuple[bytes | None, bytes | None]:
    ev = make_event(i, event_id=f"poison-{i}", conversation_id=f"poison-conv-{i}")
    kind = i % 16
    key: bytes | None = f"poison-{i}".encode()
    if kind == 0:
        return key, b"{not json"
    if kind == 1:
        return key, rng.randbytes(rng.randint(1, 300))
    if kind == 2:
        return key, b'{"event_id": "\xff\xfe"}'
    if kind == 3:
        return key, orjson.dumps([ev])
    if kind == 4:
        return key, orjson.dumps({k: v for k, v in ev.items() if k != "messages"})
    if kind == 5:
        return key, orjson.dumps({**ev, "turn_index": "three"})
    if kind == 6:
        return key, orjson.dumps({**ev, "messages": [{"role": "user", "text": "hi"}] * 501})
    if kind == 7:
        return key, orjson.dumps({**ev, "guidelines": [{"id": "g", "text": "a"}] * 2})
    if kind == 8:
        return key, orjson.dumps({**ev, "sent_at": "2026-11-27T10:15:00"})
    if kind == 9:
        return key, b"[" * 3000 + b"]" * 3000
    if kind == 10:
        return key, json.dumps({**ev, "turn_index": 2**80}).encode()
    if kind == 11:
        return key, None  # a tombstone
    if kind == 12:
        return None, b""  # no key, empty value
    if kind == 13:
        return key, b"{" + b" " * 70_000 + b"}"  # over max_record_bytes (65536 here)
    if kind == 14:
        return key, orjson.dumps({**ev, "schema_version": 2})
    return key, orjson.dumps({**ev, "messages": [{"role": "bot", "text": "\x00\u2028"}]})


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def test_flood_of_poison_records(
    kafka_bootstrap: str, topic_factory: Any, toy_model_dir: Path, tmp_path: Path
) -> None:
    from tests.kafka_helpers import Topics, WorkerProcess, produce, read_committed
    from tests.test_faults import assert_clean, record, verify_topics

    rng = random.Random(11)
    topics = Topics.create(topic_factory, partitions=3)
    n_poison, n_good = 4000, 2000
    records: list[tuple[bytes | None, bytes | None]] = []
    poison_at: list[int] = []
    p = g = 0
    while p < n_poison or g < n_good:
        if g < n_good and (p >= n_poison or rng.random() < n_good / (n_good + n_poison)):
            ev = make_event(0, event_id=f"good-{g}", conversation_id=f"good-conv-{g % 300}")
            ev["turn_index"] = g // 300
            records.append((ev["conversation_id"].encode(), orjson.dumps(ev)))
            g += 1
        else:
            poison_at.append(len(records))
            records.append(_poison(rng, p))
            p += 1
    w = WorkerProcess(
        kafka_bootstrap,
        topics,
        toy_model_dir,
        "g-flood",
        tmp_path,
        max_record_bytes=65_536,
        max_inflight_events=1024,
    )
    samples: list[float] = []
    stop = threading.Event()
    try:
        w.wait_ready(timeout=120)
        baseline = _rss_mb(w.proc.pid)

        def sample() -> None:
            while not stop.is_set() and w.proc.poll() is None:
                samples.append(_rss_mb(w.proc.pid))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        metas = produce(kafka_bootstrap, topics.input, records)
        rep = verify_topics(kafka_bootstrap, topics, timeout=180)
        stop.set()
        sampler.join(5)
        assert w.proc.poll() is None, w.logs()
        assert_clean(rep, len(records), w.logs())
        assert rep.dead_letters == n_poison and rep.decisions == n_good, rep.summary()
        # Every poison record is in the dead-letter topic, byte for byte, with its headers.
        dlq = read_committed(kafka_bootstrap, [topics.dead_letter], expected=n_poison, settle=0.5)
        by_src = {
            (int(dict(r.headers)["source.partition"]), int(dict(r.headers)["source.offset"])): r
            for r in dlq.by_topic[topics.dead_letter]
        }
        for idx in poison_at:
            key, value = records[idx]
            r = by_src[metas[idx]]
            h = dict(r.headers)
            if dict(r.headers).get("error.type") == b"too_large":
                assert r.value is None and r.key == key
                assert dict(r.headers)["error.original_bytes"] == str(len(value)).encode()
            else:
                assert r.value == value and r.key == (
                    key if key is not None or value is not None else b""
                )
            assert h["source.topic"] == topics.input.encode()
            assert h["error.type"].decode() in ERROR_TYPES and h["error.message"].strip()
        peak = max(samples)
        # Bounded: the in-flight limit (not the flood's size) bounds what the worker holds.
        assert peak < baseline + 250, (baseline, peak)
        record(
            "poison_flood",
            rep,
            model="toy",
            events=len(records),
            poison=n_poison,
            good=n_good,
            rss_ready_mb=round(baseline, 1),
            rss_peak_mb=round(peak, 1),
            rss_samples=len(samples),
        )
    finally:
        stop.set()
        w.close()


def test_ten_megabyte_record_through_the_worker(
    kafka_bootstrap: str, topic_factory: Any, toy_model_dir: Path, tmp_path: Path
) -> None:
    """A 10 MB record on a topic that allows it: dead-lettered (too_large), and the
    partition keeps flowing."""
    from tests.kafka_helpers import Topics, WorkerProcess, produce
    from tests.test_faults import assert_clean, verify_topics

    big = {"max.message.bytes": str(16 * 1024 * 1024)}
    topics = Topics(
        topic_factory(1, prefix="in", configs=big),
        topic_factory(1, prefix="decisions"),
        topic_factory(1, prefix="fallback"),
        topic_factory(1, prefix="dlq", configs=big),
    )
    huge = orjson.dumps(make_event())[:-1] + b',"pad":"' + b"x" * 10_000_000 + b'"}'
    records = [
        (b"conv-1", orjson.dumps(make_event(1))),
        (b"conv-big", huge),
        (b"conv-2", orjson.dumps(make_event(2))),
    ]
    produce(kafka_bootstrap, topics.input, records)
    w = WorkerProcess(kafka_bootstrap, topics, toy_model_dir, "g-10mb", tmp_path)
    try:
        w.wait_ready(timeout=120)
        rep = verify_topics(kafka_bootstrap, topics, timeout=30)
        assert_clean(rep, 3, w.logs())
        assert rep.dead_letter_types == {"too_large": 1} and rep.decisions == 2
    finally:
        w.close()
