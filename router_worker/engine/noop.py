"""An engine that does no inference, for measuring what Kafka and Python cost on their own.

``benchmarks/`` uses it to show the pipeline's ceiling; it is never a serving default.
"""

from __future__ import annotations

import numpy as np

from router_worker.engine.base import EngineOutput
from router_worker.records import DECISIONS, REASONS
from router_worker.tokenize import Batch


class NoopEngine:
    """Says 'continue / none' with full confidence for every event, instantly."""

    def __init__(self, max_length: int = 512, model_version: str = "noop") -> None:
        self.max_length = max_length
        self.model_version = model_version

    def run(self, batch: Batch) -> EngineOutput:
        b, g = batch.size, batch.guideline_spans.shape[1]
        dec = np.zeros((b, len(DECISIONS)), np.float32)
        dec[:, DECISIONS.index("continue")] = 1.0
        rea = np.zeros((b, len(REASONS)), np.float32)
        rea[:, REASONS.index("none")] = 1.0
        return EngineOutput(dec, rea, np.zeros((b, g), np.float32))

    def close(self) -> None:
        return None
