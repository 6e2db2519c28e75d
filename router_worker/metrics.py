"""Prometheus metrics (base units, ``_total`` counters) and the /metrics /healthz /readyz server.

The registry belongs to the ``Metrics`` object, not to the process, so tests and several
workers in one process never share counters. The HTTP server is a minimal read-only
asyncio server: GET on three paths, nothing else.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

log = logging.getLogger(__name__)

_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
_SIZE_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
_TOKEN_BUCKETS = (64, 256, 1024, 2048, 4096, 8192, 16384, 32768, 65536)


class Metrics:
    def __init__(self) -> None:
        r = self.registry = CollectorRegistry()
        self.events_in = Counter(
            "router_events_in_total", "Input records fetched.", ["topic"], registry=r
        )
        self.decisions = Counter(
            "router_decisions_total",
            "Routing decisions published.",
            ["decision", "reason", "tenant", "decided_by"],
            registry=r,
        )
        self.fallbacks = Counter(
            "router_fallbacks_total", "Fallback requests published.", ["reason"], registry=r
        )
        self.dead_letters = Counter(
            "router_dead_letters_total", "Dead letters published.", ["error_type"], registry=r
        )
        self.superseded = Counter(
            "router_superseded_total",
            "Older turns answered by a newer turn of the same conversation in one batch.",
            registry=r,
        )
        self.batch_size = Histogram(
            "router_batch_size", "Events per engine call.", buckets=_SIZE_BUCKETS, registry=r
        )
        self.batch_tokens = Histogram(
            "router_batch_tokens",
            "Padded tokens per engine call.",
            buckets=_TOKEN_BUCKETS,
            registry=r,
        )
        self.tokens_real = Counter(
            "router_tokens_real_total", "Real tokens sent to the engine.", registry=r
        )
        self.tokens_padded = Counter(
            "router_tokens_padded_total",
            "Padded tokens sent to the engine (real + padding).",
            registry=r,
        )
        self.engine_latency = Histogram(
            "router_engine_latency_seconds",
            "Engine time per call.",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.engine_errors = Counter(
            "router_engine_errors_total", "Engine calls that failed.", registry=r
        )
        self.e2e_latency = Histogram(
            "router_end_to_end_latency_seconds",
            "From the event's sent_at to its result's commit.",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.processing_latency = Histogram(
            "router_processing_latency_seconds",
            "From fetch to the commit of the record's result.",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.stage_latency = Histogram(
            "router_stage_latency_seconds",
            "Where processing time goes, per step: prepare (parse + tokenize a fetched chunk),"
            " batch_wait (a batch's oldest event in the batcher), score (engine + policy per"
            " batch), publish (scored -> transaction committed, per transaction).",
            ["stage"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.transactions = Counter(
            "router_transactions_total", "Kafka transactions by result.", ["result"], registry=r
        )
        self.queue_depth = Gauge(
            "router_queue_depth", "Events fetched but not yet published.", registry=r
        )
        self.consumer_lag = Gauge(
            "router_consumer_lag",
            "Records behind the partition's high watermark.",
            ["topic", "partition"],
            registry=r,
        )
        self.partitions = Gauge(
            "router_assigned_partitions", "Input partitions assigned.", registry=r
        )
        self.paused = Gauge(
            "router_consumer_paused", "1 while fetching is paused by backpressure.", registry=r
        )
        self.ready = Gauge("router_ready", "1 when /readyz answers 200.", registry=r)
        self.model_info = Gauge(
            "router_model_info",
            "The model being served.",
            ["version", "variant", "providers"],
            registry=r,
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)


class HealthServer:
    """Serves /metrics, /healthz and /readyz; anything else is 404, any non-GET is 405."""

    def __init__(
        self, metrics: Metrics, host: str, port: int, ready: Callable[[], tuple[bool, str]]
    ) -> None:
        self.metrics = metrics
        self.host = host
        self.port = port
        self.ready = ready
        self._server: asyncio.AbstractServer | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, self.host, self.port)
        sock = self._server.sockets[0]
        self.port = sock.getsockname()[1]
        log.info("metrics server listening", extra={"host": self.host, "port": self.port})

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await asyncio.wait_for(reader.readline(), 5)
            # Read and ignore headers; we never read a body.
            while True:
                line = await asyncio.wait_for(reader.readline(), 5)
                if line in (b"\r\n", b"\n", b""):
                    break
            parts = request.decode("latin-1").split()
            method, path = (parts[0], parts[1].split("?")[0]) if len(parts) >= 2 else ("", "")
            status, ctype, body = self._route(method, path)
            head = (
                f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
                "Connection: close\r\n\r\n"
            )
            writer.write(head.encode() + (body if method != "HEAD" else b""))
            await writer.drain()
        except (TimeoutError, ConnectionError, UnicodeDecodeError, ValueError):
            # ValueError: a request or header line over the stream limit (64 KiB); the
            # connection is closed without an answer instead of logging a traceback.
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    def _route(self, method: str, path: str) -> tuple[str, str, bytes]:
        if method not in ("GET", "HEAD"):
            return "405 Method Not Allowed", "text/plain", b"method not allowed\n"
        if path == "/metrics":
            return "200 OK", CONTENT_TYPE_LATEST, self.metrics.render()
        if path == "/healthz":
            return "200 OK", "text/plain", b"ok\n"
        if path == "/readyz":
            ok, why = self.ready()
            return (
                ("200 OK" if ok else "503 Service Unavailable"),
                "text/plain",
                (why + "\n").encode(),
            )
        return "404 Not Found", "text/plain", b"not found\n"
