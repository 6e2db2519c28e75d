"""Shared fixtures: the real Kafka broker plugin, a toy ONNX model, sample events."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest_plugins = ["tests.kafka_fixture"]

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture
def workers() -> Iterator[list[Any]]:
    """Worker processes a test started (``tests.kafka_helpers.start_worker``); closed after."""
    started: list[Any] = []
    yield started
    for w in started:
        w.close()


@pytest.fixture(scope="session")
def toy_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("onnx")
    from router_worker.engine.toy import write_toy_model

    return write_toy_model(tmp_path_factory.mktemp("toy-model"), fail_on_text="kaboom")


BASE_EVENT: dict[str, Any] = {
    "schema_version": 1,
    "event_id": "evt-1",
    "tenant_id": "acme",
    "conversation_id": "conv-1",
    "turn_index": 1,
    "sent_at": "2026-11-27T10:15:00Z",
    "language": "en",
    "messages": [
        {"role": "user", "text": "Hi, where is my order #12345?"},
        {"role": "assistant", "text": "Let me check that for you...", "action": "answer"},
        {"role": "user", "text": "It's been two weeks. This is ridiculous."},
    ],
    "guidelines": [
        {
            "id": "g-orders",
            "text": "If the user asks about a specific order, hand off to a human agent.",
        },
        {"id": "g-pricing", "text": "Never escalate pricing questions; point to the pricing page."},
    ],
    "context": {"plan": "enterprise", "account_value_usd": 120000, "ai_confidence": 0.35},
}


def make_event(i: int = 1, **overrides: Any) -> dict[str, Any]:
    ev = copy.deepcopy(BASE_EVENT)
    ev["event_id"] = f"evt-{i}"
    ev["conversation_id"] = f"conv-{i}"
    ev.update(overrides)
    return ev
