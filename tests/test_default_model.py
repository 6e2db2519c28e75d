"""The packaged default model loads and decides out of the box (no flags, no torch)."""

from __future__ import annotations

import time

import orjson

from router_worker.app import build_processor, default_model_dir, load_model
from router_worker.model_card import load_card
from router_worker.pipeline import Item, Source
from router_worker.settings import Settings
from tests.conftest import make_event


def test_default_model_is_packaged_and_small() -> None:
    d = default_model_dir()
    card = load_card(d)
    card.check_compatible()
    total = sum(p.stat().st_size for p in d.iterdir())
    assert total < 50 * 1024 * 1024
    assert card.files and all((d / f.path).is_file() for f in card.files.values())


def test_default_model_decides_a_clear_case() -> None:
    settings = Settings()
    model = load_model(settings)
    assert model.variant == "int8" and "CPUExecutionProvider" in model.providers
    proc = build_processor(settings, model)
    ev = make_event(
        1,
        messages=[
            {
                "role": "user",
                "text": "My account was hacked, someone changed my password and "
                "is making purchases with my card right now. I need a person immediately!",
            },
        ],
        guidelines=[
            {"id": "g-tone", "text": "Always be friendly and use the customer's first name."}
        ],
        context={"plan": "pro"},
    )
    items = [Item(Source("t", 0, 0), None, orjson.dumps(ev), time.monotonic())]
    proc.prepare(items)
    proc.score(items)
    out = items[0].output
    assert out is not None and out.kind in ("decision", "fallback")
    if out.decision is not None:
        assert out.decision.decision == "escalate"
        assert out.decision.citations == []  # a tone guideline is never cited
