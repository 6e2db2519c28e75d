from __future__ import annotations

import orjson
import pytest

from router_worker.records import (
    EvalRecord,
    ParseFailure,
    TurnEvent,
    event_from_record_line,
    parse_turn,
)
from tests.conftest import SHARED, make_event

LIMIT = 1_000_000


def test_valid_event_parses_and_keeps_unknown_context_keys() -> None:
    ev = make_event(context={"plan": "pro", "loyalty_tier": "gold", "nested": {"a": [1]}})
    out = parse_turn(orjson.dumps(ev), LIMIT)
    assert isinstance(out, TurnEvent)
    assert out.context is not None
    assert out.context.extras() == {"loyalty_tier": "gold", "nested": {"a": [1]}}
    dumped = out.model_dump(mode="json")
    assert dumped["context"]["loyalty_tier"] == "gold"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda e: e.pop("event_id"), "event_id: Field required"),
        (
            lambda e: e.update(turn_index=-1),
            "turn_index: Input should be greater than or equal to 0",
        ),
        (lambda e: e.update(messages=[]), "messages: List should have at least 1 item"),
        (lambda e: e["messages"][0].update(role="bot"), "messages.0.role"),
        (lambda e: e["messages"][0].update(action="answer"), "only allowed on assistant"),
        (lambda e: e.update(sent_at="yesterday"), "sent_at"),
        (lambda e: e.update(sent_at="2026-11-27T10:15:00"), "time zone"),
        (lambda e: e["guidelines"].append(dict(e["guidelines"][0])), "not unique"),
        (lambda e: e["guidelines"][0].update(text=""), "guidelines.0.text"),
        (lambda e: e.update(schema_version=2), "schema_version"),
        (lambda e: e["context"].update(ai_confidence=3), "context.ai_confidence"),
    ],
)
def test_invalid_events_say_which_field_and_why(mutate: object, expected: str) -> None:
    ev = make_event()
    mutate(ev)  # type: ignore[operator]
    out = parse_turn(orjson.dumps(ev), LIMIT)
    assert isinstance(out, ParseFailure)
    assert out.error_type == "invalid_event"
    assert expected in out.message


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (b"\xff\xfe not utf8", "invalid_json"),
        (b"{not json", "invalid_json"),
        (b"[1, 2]", "invalid_event"),
        (b'"a string"', "invalid_event"),
        (None, "invalid_json"),
    ],
)
def test_unparsable_records(raw: bytes | None, kind: str) -> None:
    out = parse_turn(raw, LIMIT)
    assert isinstance(out, ParseFailure)
    assert out.error_type == kind


def test_size_limit_is_checked_before_parsing() -> None:
    raw = b"{" + b" " * 2_000_000  # would be invalid JSON, but size wins first
    out = parse_turn(raw, LIMIT)
    assert isinstance(out, ParseFailure)
    assert out.error_type == "too_large"
    assert "2000001 bytes" in out.message


def test_eval_record_and_bare_event_lines() -> None:
    ev = make_event()
    event, label = event_from_record_line(
        {"event": ev, "label": {"decision": "offer", "reason": "frustration"}}
    )
    assert event.event_id == "evt-1" and label is not None and label.decision == "offer"
    event, label = event_from_record_line(ev)
    assert label is None


def test_every_shared_record_validates() -> None:
    files = [SHARED / "eval" / "dev.jsonl", *sorted((SHARED / "train").glob("written_*.jsonl"))]
    files = [f for f in files if f.is_file()]
    if not files:
        pytest.skip("shared data not present")
    n = 0
    for f in files:
        for line in f.read_bytes().splitlines():
            if line.strip():
                EvalRecord.model_validate_json(line)
                n += 1
    assert n > 100
