"""Inference engines: a batch of encoded inputs in, per-event scores out."""

from router_worker.engine.base import Engine, EngineError, EngineOutput

__all__ = ["Engine", "EngineError", "EngineOutput"]
