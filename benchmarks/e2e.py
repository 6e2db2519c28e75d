"""End to end: open-loop Poisson load through the real broker and worker with the real model.

One worker process (``benchmarks.worker_proc --engine onnx``, i.e. ``router-worker run``) and
the load generator (``router_worker.loadgen``) in this process:

1. warm-up: a few events, results awaited;
2. saturation: ``sat_count`` events published flat out; the worker's steady drain rate (middle
   80% of completions) is the saturation throughput;
3. open-loop steps at fractions of that rate (Poisson arrivals), each for ``step_seconds``:
   p50/p95/p99 of end-to-end latency (``sent_at`` -> the decision visible to a read_committed
   reader), throughput, and the consumer group's lag and the events outstanding over time.

For each step the worker's own ``/metrics`` give the mean engine time per batch and the mean
batch size in that step, so the latency goal (p99 <= max wait + 2 x engine batch time at half
of saturation) is checked against the engine time the worker really had.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import BenchTopics, BenchWorker, delete_topics
from router_worker.loadgen import LoadConfig, LoadResult, Template, run_load

STAGES = ("prepare", "batch_wait", "score", "publish")


def _delta(after: dict[str, float], before: dict[str, float], name: str) -> float:
    return after.get(name, 0.0) - before.get(name, 0.0)


def _step_metrics(after: dict[str, float], before: dict[str, float]) -> dict[str, Any]:
    # The worker observes one engine-latency and one batch-size sample per scored batch: the
    # batch's mean engine time per call and mean events per call.
    calls = _delta(after, before, "router_engine_latency_seconds_count")
    real = _delta(after, before, "router_tokens_real_total")
    padded = _delta(after, before, "router_tokens_padded_total")
    stages: dict[str, float | None] = {}
    for stage in STAGES:
        series = f'router_stage_latency_seconds_{{}}{{{{stage="{stage}"}}}}'
        n = _delta(after, before, series.format("count"))
        total = _delta(after, before, series.format("sum"))
        stages[stage] = round(total / n, 5) if n else None
    transactions = _delta(after, before, "router_transactions_total")
    return {
        "scored_batches": int(calls),
        "engine_batch_s_mean": round(
            _delta(after, before, "router_engine_latency_seconds_sum") / calls, 5
        )
        if calls
        else None,
        "batch_events_mean": round(_delta(after, before, "router_batch_size_sum") / calls, 2)
        if calls
        else None,
        "padding_waste": round(1 - real / padded, 4) if padded else None,
        # Mean seconds per observation of each worker stage (see router_stage_latency_seconds).
        "stage_mean_s": stages,
        "transactions": int(transactions),
    }


def run_e2e(
    bootstrap: str,
    model_dir: Path,
    templates: list[Template],
    fractions: Sequence[float] = (0.25, 0.5, 0.75),
    step_seconds: float = 15.0,
    sat_count: int = 300,
    partitions: int = 3,
    worker_settings: dict[str, Any] | None = None,
    log: Callable[[str], None] = lambda m: None,
) -> dict[str, Any]:
    settings = dict(worker_settings or {})
    topics = BenchTopics.make(bootstrap, "e2e", partitions)
    group = f"bench-e2e-{topics.input[-8:]}"
    kafka = {"bootstrap_servers": bootstrap}

    def load(**kw: Any) -> LoadResult:
        cfg = LoadConfig(
            kafka=kafka,
            input_topic=topics.input,
            output_topics=topics.outputs(),
            templates=templates,
            group_id=group,
            **kw,
        )
        return asyncio.run(run_load(cfg))

    out: dict[str, Any] = {"settings": settings, "partitions": partitions}
    worker = BenchWorker(bootstrap, topics, model_dir, group, engine="onnx", **settings)
    try:
        worker.wait_ready(timeout=180)
        log("e2e: warm-up")
        load(count=16, rate=None, timeout_s=120, seed=1)
        log(f"e2e: saturation, {sat_count} events flat out")
        m0 = worker.metrics()
        sat = load(count=sat_count, rate=None, timeout_s=600, seed=2)
        m1 = worker.metrics()
        sat_rate = sat.throughput_steady
        out["saturation"] = {
            "events_per_s": sat_rate,
            "events_per_s_overall": sat.throughput,
            "results": sat.results,
            "missing": sat.missing,
            "duplicates": sat.duplicates,
            **_step_metrics(m1, m0),
            "timeline": sat.timeline,
        }
        # How busy the worker's scoring thread was while it drained the burst: near 1 means
        # the engine, not Kafka or Python, bounded the throughput.
        score_s = _delta(m1, m0, 'router_stage_latency_seconds_sum{stage="score"}')
        wall = sat.results / sat.throughput if sat.throughput else 0.0
        out["saturation"]["score_busy_fraction"] = round(score_s / wall, 3) if wall else None
        steps = []
        for k, f in enumerate(fractions):
            rate = max(0.5, f * sat_rate)
            log(f"e2e: {f:.0%} of saturation = {rate:.1f} events/s for {step_seconds:.0f}s")
            # Let the previous step's backlog go before measuring this one.
            time.sleep(1.0)
            m0 = worker.metrics()
            r = load(rate=rate, duration_s=step_seconds, timeout_s=120, seed=10 + k)
            m1 = worker.metrics()
            steps.append(
                {
                    "fraction": f,
                    "target_rate": round(rate, 2),
                    "sent": r.sent,
                    "send_rate": r.send_rate,
                    "results": r.results,
                    "missing": r.missing,
                    "duplicates": r.duplicates,
                    "throughput": r.throughput,
                    "latency_s": r.latency_s,
                    "to_append_latency_s": r.to_append_latency_s,
                    "send_lateness_p99_s": r.send_lateness_p99_s,
                    **_step_metrics(m1, m0),
                    "timeline": r.timeline,
                }
            )
        out["steps"] = steps
        out["max_wait_ms"] = float(settings.get("max_wait_ms", 5.0))
    finally:
        worker.stop()
        delete_topics(bootstrap, topics.all())
    return out
