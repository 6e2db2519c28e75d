"""The real worker with a chosen engine, for the benchmarks: ``python -m benchmarks.worker_proc``.

``--engine onnx``: exactly ``router-worker run`` (the model from ``ROUTER_MODEL_DIR``).
``--engine noop``: ``NoopEngine`` (no inference) with the model directory's real tokenizer, so
Kafka, parsing, validation, layout, tokenization, policy and publishing are all measured.
``--no-tokenize`` additionally replaces tokenization with a constant two-token encoding, to
show what tokenization costs. Settings come from the ``ROUTER_*`` environment as usual.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence

import numpy as np

from router_worker import logs
from router_worker.app import ServingModel, default_model_dir, run_worker
from router_worker.engine.noop import NoopEngine
from router_worker.model_card import load_card
from router_worker.records import TurnEvent
from router_worker.settings import Settings
from router_worker.tokenize import Encoded, TextEncoder


class ConstantEncoder(TextEncoder):
    """Skips layout and tokenization: every event becomes [CLS] [SEP] with empty spans."""

    def encode_batch(self, events: Sequence[TurnEvent]) -> list[Encoded]:
        ids = np.array([101, 102], dtype=np.int64)
        return [Encoded(ids, np.zeros((len(e.guidelines), 2), np.int64), False, 0) for e in events]


def noop_model(settings: Settings, tokenize: bool) -> ServingModel:
    model_dir = settings.model_dir or default_model_dir()
    card = load_card(model_dir)
    cls = TextEncoder if tokenize else ConstantEncoder
    encoder = cls.from_file(model_dir / card.tokenizer, card.max_length, card.max_guidelines)
    engine = NoopEngine(card.max_length, "noop")
    return ServingModel(card, engine, encoder, "noop", ["none"])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="benchmarks.worker_proc")
    p.add_argument("--engine", choices=("onnx", "noop"), default="onnx")
    p.add_argument("--no-tokenize", action="store_true")
    args = p.parse_args(argv)
    settings = Settings()
    logs.configure(settings.log_level)
    model = noop_model(settings, not args.no_tokenize) if args.engine == "noop" else None
    return asyncio.run(run_worker(settings, model))


if __name__ == "__main__":
    raise SystemExit(main())
