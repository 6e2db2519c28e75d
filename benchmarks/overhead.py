"""Pipeline overhead: the whole worker against the real broker with a no-op engine.

``N`` realistic TurnEvents are published to the input topic first (so the load generator does
not compete for the CPU), then one worker process (``benchmarks.worker_proc --engine noop``)
consumes them: fetch, parse and validate (pydantic), layout, tokenization (the model's real
tokenizer; ``--no-tokenize`` variant: a constant encoding), policy, JSON of the decisions and
per-partition transactional publishing with the offsets. A read_committed reader counts the
results.

Figures:

* ``events_per_s``: steady-state rate, from the output records' Kafka timestamps (the
  middle 80% of the results, so start-up and the last partial batch are left out);
* ``events_per_cpu_s``: events per CPU-second of the worker process (its user + system time
  while it drained the topic): what one process can carry when it has a core to itself,
  which is the figure that does not depend on the broker and the reader sharing the cores.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import BenchTopics, BenchWorker, delete_topics
from router_worker.loadgen import LoadConfig, Template, run_load


async def _drain(
    bootstrap: str, topics: list[str], expected: int, timeout_s: float
) -> tuple[np.ndarray, float]:
    """Read every committed record of the topics; returns their timestamps (ms) and t_last."""
    from aiokafka import AIOKafkaConsumer

    c = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap,
        group_id=None,
        isolation_level="read_committed",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        fetch_max_wait_ms=20,
        max_partition_fetch_bytes=16 * 1024 * 1024,
    )
    await c.start()
    stamps: list[int] = []
    deadline = time.monotonic() + timeout_s
    try:
        while len(stamps) < expected and time.monotonic() < deadline:
            batch = await c.getmany(timeout_ms=200, max_records=20_000)
            for recs in batch.values():
                stamps.extend(r.timestamp for r in recs)
    finally:
        await c.stop()
    return np.asarray(stamps, dtype=np.float64), time.monotonic()


def steady_rate(stamps_ms: np.ndarray) -> float:
    s = np.sort(stamps_ms)
    if s.size < 20:
        span = (s[-1] - s[0]) / 1000 if s.size > 1 else 0.0
        return float(s.size / span) if span > 0 else 0.0
    lo, hi = int(0.1 * s.size), int(0.9 * s.size) - 1
    span = (s[hi] - s[lo]) / 1000
    return float((hi - lo) / span) if span > 0 else float("inf")


def run_overhead(
    bootstrap: str,
    model_dir: Path,
    templates: list[Template],
    n_events: int = 20_000,
    partitions: int = 3,
    tokenize: bool = True,
    worker_settings: dict[str, Any] | None = None,
    timeout_s: float = 180.0,
    log: Callable[[str], None] = lambda m: None,
) -> dict[str, Any]:
    settings = dict(worker_settings or {})
    topics = BenchTopics.make(bootstrap, "ovh", partitions)
    group = f"bench-ovh-{topics.input[-8:]}"
    try:
        log(f"overhead: preloading {n_events} events into {partitions} partitions")
        pre = asyncio.run(
            run_load(
                LoadConfig(
                    kafka={"bootstrap_servers": bootstrap},
                    input_topic=topics.input,
                    output_topics=topics.outputs(),
                    templates=templates,
                    count=n_events,
                    read=False,
                    acks=1,
                    linger_ms=20,
                )
            )
        )
        worker = BenchWorker(
            bootstrap, topics, model_dir, group, engine="noop", tokenize=tokenize, **settings
        )
        try:
            worker.wait_ready()
            cpu0 = worker.cpu_seconds()
            t0 = time.monotonic()
            log(f"overhead: worker (tokenize={tokenize}) draining")
            stamps, t_last = asyncio.run(_drain(bootstrap, topics.outputs(), n_events, timeout_s))
            cpu1 = worker.cpu_seconds()
            m = worker.metrics()
        finally:
            worker.stop()
    finally:
        delete_topics(bootstrap, topics.all())
    n = int(stamps.size)
    wall = t_last - t0
    cpu = cpu1 - cpu0
    return {
        "tokenize": tokenize,
        "events": n_events,
        "results": n,
        "events_per_s": round(steady_rate(stamps), 1) if n else 0.0,
        "events_per_s_overall": round(n / wall, 1) if wall > 0 else 0.0,
        "worker_cpu_s": round(cpu, 3),
        "events_per_cpu_s": round(n / cpu, 1) if cpu > 0 else None,
        "transactions": m.get("router_transactions_total"),
        "scored_batches": m.get("router_batch_size_count"),
        "mean_batch_events": round(
            m.get("router_batch_size_sum", 0) / max(1, m.get("router_batch_size_count", 0)), 1
        ),
        "preload_rate": pre.send_rate,
        "partitions": partitions,
        "settings": settings,
    }
