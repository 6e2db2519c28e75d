"""Helpers for tests against the real broker: produce, read back read_committed, run workers."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from benchmarks.common import http_get
from tests.kafka_fixture import run_async

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Topics:
    input: str
    decisions: str
    fallback: str
    dead_letter: str

    @classmethod
    def create(cls, topic_factory: Any, partitions: int = 3) -> Topics:
        return cls(
            topic_factory(partitions, prefix="in"),
            topic_factory(partitions, prefix="decisions"),
            topic_factory(1, prefix="fallback"),
            topic_factory(1, prefix="dlq"),
        )

    def outputs(self) -> list[str]:
        return [self.decisions, self.fallback, self.dead_letter]


def produce(
    bootstrap: str, topic: str, records: list[tuple[bytes | None, bytes | None]]
) -> list[tuple[int, int]]:
    """Publish records in order; returns (partition, offset) of each."""

    async def go() -> list[tuple[int, int]]:
        p = AIOKafkaProducer(
            bootstrap_servers=bootstrap,
            acks="all",
            enable_idempotence=True,
            max_request_size=16 * 1024 * 1024,
        )
        await p.start()
        try:
            futs = [await p.send(topic, value=v, key=k) for k, v in records]
            metas = await asyncio.gather(*futs)
            return [(m.partition, m.offset) for m in metas]
        finally:
            await p.stop()

    return run_async(go, timeout=120)


@dataclass
class Collected:
    by_topic: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))

    def count(self) -> int:
        return sum(len(v) for v in self.by_topic.values())


def read_committed(
    bootstrap: str, topics: list[str], expected: int, timeout: float = 90.0, settle: float = 1.0
) -> Collected:
    """Read every committed record from the beginning until ``expected`` arrived (+ settle s)."""

    async def go() -> Collected:
        c = AIOKafkaConsumer(
            *topics,
            bootstrap_servers=bootstrap,
            isolation_level="read_committed",
            auto_offset_reset="earliest",
            enable_auto_commit=False,
            group_id=None,
        )
        await c.start()
        out = Collected()
        try:
            deadline = time.monotonic() + timeout
            done_at: float | None = None
            while time.monotonic() < deadline:
                batch = await c.getmany(timeout_ms=200)
                for tp, recs in batch.items():
                    out.by_topic[tp.topic].extend(recs)
                if out.count() >= expected and done_at is None:
                    done_at = time.monotonic() + settle
                if done_at is not None and time.monotonic() >= done_at:
                    break
            return out
        finally:
            await c.stop()

    return run_async(go, timeout=timeout + 30)


def result_ids(col: Collected, topics: Topics) -> Counter[str]:
    """How many results each input got, keyed by event id (dead letters by source offset)."""
    ids: Counter[str] = Counter()
    for r in col.by_topic.get(topics.decisions, []):
        ids[orjson.loads(r.value)["event_id"]] += 1
    for r in col.by_topic.get(topics.fallback, []):
        ids[orjson.loads(r.value)["event"]["event_id"]] += 1
    for r in col.by_topic.get(topics.dead_letter, []):
        h = dict(r.headers)
        ids[f"dlq:{h['source.partition'].decode()}:{h['source.offset'].decode()}"] += 1
    return ids


class WorkerProcess:
    """``router-worker run`` in a subprocess, as an operator would start it."""

    def __init__(
        self,
        bootstrap: str,
        topics: Topics,
        model_dir: Path,
        group: str,
        log_dir: Path,
        name: str = "w",
        **settings: Any,
    ) -> None:
        self.metrics_port = free_port()
        env = {**os.environ}
        env.update(
            {
                "ROUTER_BOOTSTRAP_SERVERS": bootstrap,
                "ROUTER_INPUT_TOPIC": topics.input,
                "ROUTER_DECISIONS_TOPIC": topics.decisions,
                "ROUTER_FALLBACK_TOPIC": topics.fallback,
                "ROUTER_DEAD_LETTER_TOPIC": topics.dead_letter,
                "ROUTER_GROUP_ID": group,
                "ROUTER_TRANSACTIONAL_ID_PREFIX": group,
                "ROUTER_MODEL_DIR": str(model_dir),
                "ROUTER_METRICS_HOST": "127.0.0.1",
                "ROUTER_METRICS_PORT": str(self.metrics_port),
                "ROUTER_SESSION_TIMEOUT_MS": "6000",
                "ROUTER_HEARTBEAT_INTERVAL_MS": "500",
                "ROUTER_TRANSACTION_TIMEOUT_MS": "10000",
                "ROUTER_SHUTDOWN_DEADLINE_S": "15",
                "ROUTER_INTRA_OP_THREADS": "1",
                "PYTHONUNBUFFERED": "1",
            }
        )
        for k, v in settings.items():
            env[f"ROUTER_{k.upper()}"] = str(v)
        self.log_path = log_dir / f"{name}-{time.monotonic_ns()}.log"
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "router_worker.cli", "run"],
            env=env,
            cwd=REPO,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def http(self, path: str) -> tuple[int, str]:
        return http_get(self.metrics_port, path)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"worker exited early ({self.proc.returncode}):\n{self.logs()}"
                )
            if self.http("/readyz")[0] == 200:
                return
            time.sleep(0.2)
        raise AssertionError(f"worker not ready after {timeout}s:\n{self.logs()}")

    def metric(self, name: str) -> float:
        """Sum of a metric's samples (all label sets)."""
        _, body = self.http("/metrics")
        total = 0.0
        for line in body.splitlines():
            if line.startswith(name + "{") or line.startswith(name + " "):
                total += float(line.rsplit(" ", 1)[1])
        return total

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def terminate(self, timeout: float = 30) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout)

    def logs(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")[-6000:]

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self._log.close()


def start_worker(
    workers: list[WorkerProcess],
    bootstrap: str,
    topics: Topics,
    model: Path,
    group: str,
    tmp_path: Path,
    **kw: Any,
) -> WorkerProcess:
    """Start a worker and record it in ``workers`` (the ``workers`` fixture closes them)."""
    w = WorkerProcess(bootstrap, topics, model, group, tmp_path, name=f"w{len(workers)}", **kw)
    workers.append(w)
    return w
