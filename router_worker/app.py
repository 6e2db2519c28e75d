"""The ``Application``: load the model once, wire settings -> pipeline -> Kafka, run."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from dataclasses import dataclass
from pathlib import Path

from tokenizers import Tokenizer

from router_worker.engine import Engine
from router_worker.engine.onnx import OnnxEngine
from router_worker.kafka.worker import Worker
from router_worker.metrics import HealthServer, Metrics
from router_worker.model_card import ModelCard, load_card
from router_worker.pipeline import Processor
from router_worker.settings import Settings
from router_worker.tokenize import TextEncoder

log = logging.getLogger(__name__)


def default_model_dir() -> Path:
    """The model shipped inside the package (``router_worker/default_model``)."""
    return Path(__file__).resolve().parent / "default_model"


@dataclass
class ServingModel:
    card: ModelCard
    engine: Engine
    encoder: TextEncoder
    variant: str
    providers: list[str]


def load_model(settings: Settings) -> ServingModel:
    model_dir = settings.model_dir or default_model_dir()
    if not (model_dir / "model.json").is_file():
        raise FileNotFoundError(
            f"no model at {model_dir} (model.json missing); "
            "pass --model-dir or set ROUTER_MODEL_DIR"
        )
    engine = OnnxEngine.from_dir(
        model_dir,
        variant=settings.model_variant,
        providers=settings.providers,
        intra_op_threads=settings.intra_op_threads,
        inter_op_threads=settings.inter_op_threads,
        trt_cache_dir=settings.trt_cache_dir,
        # The TensorRT shape profile must cover the largest batch the pipeline sends.
        max_batch_events=settings.max_batch_events,
    )
    card = load_card(model_dir)
    tokenizer = Tokenizer.from_file(str(model_dir / card.tokenizer))
    encoder = TextEncoder(tokenizer, card.max_length, card.max_guidelines)
    return ServingModel(card, engine, encoder, engine.variant, list(engine.providers))


def tokenizer_parallelism(setting: str, providers: list[str]) -> bool:
    """Whether the tokenizer may use its own thread pool next to this engine."""
    if setting != "auto":
        return setting == "on"
    return not providers or providers[0] != "CPUExecutionProvider"


def build_processor(settings: Settings, model: ServingModel) -> Processor:
    return Processor(settings, model.engine, model.encoder, model.card)


async def run_worker(
    settings: Settings, model: ServingModel | None = None, stop: asyncio.Event | None = None
) -> int:
    """Run until SIGTERM/SIGINT, drain, leave the group; returns the exit code.

    ``stop``: run in-process (tests, embedding) until this event is set, instead of
    installing signal handlers.
    """
    model = model or load_model(settings)
    parallel = tokenizer_parallelism(settings.tokenizer_parallelism, model.providers)
    # Read by the tokenizers library at every batch call; this is the process's entry point.
    os.environ["TOKENIZERS_PARALLELISM"] = "true" if parallel else "false"
    metrics = Metrics()
    metrics.model_info.labels(model.card.version, model.variant, ",".join(model.providers)).set(1)
    worker = Worker(settings, build_processor(settings, model), metrics)
    server = HealthServer(metrics, settings.metrics_host, settings.metrics_port, worker.ready)
    await server.start()
    if stop is not None:
        worker.stopping = stop
    else:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, worker.stopping.set)
    log.info(
        "worker starting",
        extra={
            "settings": settings.redacted(),
            "metrics_port": server.port,
            "engine_providers": model.providers,
            "tokenizer_parallelism": parallel,
        },
    )
    try:
        await worker.run()
    finally:
        await server.stop()
        model.engine.close()
    return 0
