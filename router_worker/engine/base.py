"""The engine boundary. Everything before it is text and tokens; everything after is policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from router_worker.tokenize import Batch


class EngineError(RuntimeError):
    """The engine could not score a batch; its events go to the fallback as model_unavailable."""


@dataclass(frozen=True, slots=True)
class EngineOutput:
    decision_probs: np.ndarray  # float32 [B, 3], DECISIONS order
    reason_probs: np.ndarray  # float32 [B, 8], REASONS order
    citation_probs: np.ndarray  # float32 [B, G]; padding slots are meaningless

    def __post_init__(self) -> None:
        b = self.decision_probs.shape[0]
        if self.reason_probs.shape[0] != b or self.citation_probs.shape[0] != b:
            raise EngineError("engine outputs disagree on the batch size")


class Engine(Protocol):
    """Synchronous on purpose: the pipeline runs it in its own thread, off the event loop."""

    model_version: str
    max_length: int

    def run(self, batch: Batch) -> EngineOutput: ...

    def close(self) -> None: ...
