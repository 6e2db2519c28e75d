"""``router-loadgen``: realistic TurnEvents into any cluster, decisions read back, latencies out.

It publishes TurnEvents (from JSONL files of TurnEvents or evaluation records, or from the
training data generator) to the input topic at a target rate with Poisson (or uniform)
arrivals, or as fast as possible, for a duration or a count; reads the worker's decisions,
fallbacks and dead letters back with a ``read_committed`` consumer; and prints throughput and
end-to-end latency percentiles. It takes the same connection settings as the worker
(``--bootstrap-servers``, ``--security-protocol``, SASL and TLS flags, or the same
``ROUTER_*`` environment variables).

Each sent event gets a unique ``event_id`` (``<run id>-<n>``) and, by default, its own
``conversation_id`` (so that no result is a superseded copy of another), and ``sent_at`` is
the wall clock at send time in RFC 3339 with millisecond precision.

Latency: ``e2e`` is from ``sent_at`` to the moment the read_committed reader here sees the
result, i.e. when the worker's transaction has committed and any downstream consumer could
read it (the reader long-polls, up to ``reader_fetch_wait_ms``; the broker answers a
waiting fetch as soon as committed results are readable). ``to_append`` is from ``sent_at`` to the
output record's own Kafka timestamp (CreateTime: when the worker's producer sent it, before
the commit). Both use this machine's clock for ``sent_at``; ``to_append`` also needs the
worker's clock to agree.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import glob
import math
import sys
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from router_worker.settings import Settings

# Connection and topic flags, identical in name to ``router-worker run``'s.
_CONN_FLAGS: tuple[tuple[str, type, str], ...] = (
    ("bootstrap_servers", str, "Kafka bootstrap servers (host:port,...)"),
    ("security_protocol", str, "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL"),
    ("sasl_mechanism", str, "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512"),
    ("sasl_username", str, "SASL user (the password only via ROUTER_SASL_PASSWORD)"),
    ("ssl_cafile", Path, "CA bundle for TLS"),
    ("client_id", str, "client id prefix"),
    ("input_topic", str, "topic of TurnEvents (where load goes)"),
    ("decisions_topic", str, "topic of RoutingDecisions (read back)"),
    ("fallback_topic", str, "topic of FallbackRequests (read back)"),
    ("dead_letter_topic", str, "topic of dead letters (read back)"),
    ("group_id", str, "the worker's consumer group, for its lag over time"),
)


# ---------------------------------------------------------------------------- event templates
@dataclass(frozen=True, slots=True)
class Template:
    """One event serialised once, with its three per-send fields spliced in at send time."""

    rest: bytes  # the event's JSON without event_id, conversation_id and sent_at, after '{'

    def render(self, event_id: str, conversation_id: str, sent_at: str) -> bytes:
        return (
            b'{"event_id":"'
            + event_id.encode()
            + b'","conversation_id":"'
            + conversation_id.encode()
            + b'","sent_at":"'
            + sent_at.encode()
            + b'",'
            + self.rest
        )


def make_template(event: dict[str, Any]) -> Template:
    rest = {k: v for k, v in event.items() if k not in ("event_id", "conversation_id", "sent_at")}
    body = orjson.dumps(rest)
    if body == b"{}":
        raise ValueError("an event needs more than its ids")
    return Template(body[1:])


def events_from_files(patterns: Sequence[str]) -> list[dict[str, Any]]:
    """TurnEvents from JSONL files: bare TurnEvents or evaluation records ({event, label})."""
    paths: list[str] = []
    for p in patterns:
        hits = sorted(glob.glob(p))
        paths.extend(hits or [p])
    out: list[dict[str, Any]] = []
    for p in paths:
        with open(p, "rb") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                data = orjson.loads(line)
                ev = data["event"] if isinstance(data.get("event"), dict) else data
                out.append(ev)
    if not out:
        raise ValueError(f"no events in {list(patterns)}")
    return out


def generated_events(n: int, seed: int) -> list[dict[str, Any]]:
    """Events from the training data generator (``router_worker.training.generate``)."""
    from router_worker.training.generate import generate

    return [r["event"] for r in generate(n, seed)]


class Clock:
    """RFC 3339 UTC with milliseconds, e.g. 2026-11-27T10:15:00.123Z; cached per second."""

    def __init__(self) -> None:
        self._sec = -1
        self._prefix = ""

    def stamp(self, t: float) -> str:
        sec = int(t)
        if sec != self._sec:
            self._sec = sec
            self._prefix = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec))
        return f"{self._prefix}.{int((t - sec) * 1000):03d}Z"


def arrival_offsets(
    rate: float, count: int, rng: np.random.Generator, process: str = "poisson"
) -> np.ndarray:
    """Seconds from the start at which each of ``count`` events is due."""
    if process == "uniform":
        return np.arange(count, dtype=np.float64) / rate
    return np.cumsum(rng.exponential(1.0 / rate, count))


# ---------------------------------------------------------------------------- config / result
@dataclass
class LoadConfig:
    kafka: dict[str, Any]
    input_topic: str
    output_topics: list[str]
    templates: list[Template]
    rate: float | None = None  # events/s; None: as fast as possible
    count: int | None = None
    duration_s: float | None = None
    arrivals: str = "poisson"
    read: bool = True
    timeout_s: float = 60.0  # wait for results after the last send
    group_id: str | None = None  # the worker's group, for lag sampling
    sample_interval_s: float = 0.5
    seed: int = 0
    run_id: str = field(default_factory=lambda: "lg-" + uuid.uuid4().hex[:10])
    shared_conversations: int = 0  # >0: events cycle over this many conversation ids
    acks: int | str = "all"
    linger_ms: int = 2
    # The reader's fetch wait: the broker answers as soon as results are readable, so this
    # only bounds how often an idle reader polls.
    reader_fetch_wait_ms: int = 100


@dataclass
class LoadResult:
    run_id: str
    target_rate: float | None
    sent: int
    send_seconds: float
    send_rate: float
    send_lateness_p99_s: float  # how far behind its schedule the generator was (open loop)
    results: int
    decisions: int
    fallbacks: int
    dead_letters: int
    duplicates: int
    missing: int
    seconds: float  # first send -> last result
    throughput: float  # results / seconds
    throughput_steady: float  # results after the first burst / the time they took
    latency_s: dict[str, float]  # e2e: sent_at -> visible to a read_committed reader
    to_append_latency_s: dict[str, float]  # sent_at -> output record timestamp
    timeline: list[dict[str, float]]  # t, sent, done, outstanding, group_lag

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def percentiles(values: np.ndarray) -> dict[str, float]:
    if values.size == 0:
        return {}
    p = np.percentile(values, [50, 90, 95, 99])
    return {
        "p50": round(float(p[0]), 6),
        "p90": round(float(p[1]), 6),
        "p95": round(float(p[2]), 6),
        "p99": round(float(p[3]), 6),
        "max": round(float(values.max()), 6),
        "mean": round(float(values.mean()), 6),
    }


# ---------------------------------------------------------------------------- the run
async def _partitions(producer: Any, topics: Sequence[str]) -> list[Any]:
    """Every partition of the topics (the producer waits for their metadata)."""
    from aiokafka.structs import TopicPartition

    out: list[Any] = []
    for t in topics:
        parts = await producer.partitions_for(t)
        out.extend(TopicPartition(t, p) for p in sorted(parts))
    return out


class _State:
    def __init__(self, n_max: int) -> None:
        self.sent_wall = np.full(n_max, np.nan)
        self.done_wall = np.full(n_max, np.nan)
        self.append_ms = np.full(n_max, np.nan)
        self.sent = 0
        self.done = 0
        self.decisions = 0
        self.fallbacks = 0
        self.dead_letters = 0
        self.duplicates = 0
        self.lateness: list[float] = []
        self.group_lag = math.nan


async def run_load(cfg: LoadConfig) -> LoadResult:
    """Publish, read back, measure. Bounded by count/duration and ``timeout_s``."""
    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

    if cfg.count is None and cfg.duration_s is None:
        raise ValueError("give a count or a duration")
    if not cfg.templates:
        raise ValueError("no event templates")
    rng = np.random.default_rng(cfg.seed)
    if cfg.count is not None:
        n_max = cfg.count
    else:
        assert cfg.duration_s is not None
        # Enough slots for the duration at the rate (+ generous slack for Poisson noise),
        # or for as-fast-as-possible sending (bounded memory: ~50k events/s at most).
        rate = cfg.rate if cfg.rate else 50_000.0
        n_max = int(cfg.duration_s * rate * 1.5 + 100)
    st = _State(n_max)
    prefix = cfg.run_id + "-"
    plen = len(prefix)

    producer = AIOKafkaProducer(
        **cfg.kafka,
        acks=cfg.acks,
        linger_ms=cfg.linger_ms,
        max_batch_size=512 * 1024,
        max_request_size=8 * 1024 * 1024,
    )
    await producer.start()
    reader: AIOKafkaConsumer | None = None
    if cfg.read:
        reader = AIOKafkaConsumer(
            **cfg.kafka,
            group_id=None,
            enable_auto_commit=False,
            isolation_level="read_committed",
            fetch_max_wait_ms=cfg.reader_fetch_wait_ms,
            max_partition_fetch_bytes=8 * 1024 * 1024,
        )
        await reader.start()
        tps = await _partitions(producer, cfg.output_topics)
        reader.assign(tps)
        ends = await reader.end_offsets(tps)
        for tp in tps:
            reader.seek(tp, ends[tp])

    t0_wall = time.time()
    t0 = time.perf_counter()
    timeline: list[dict[str, float]] = []

    async def read_loop() -> None:
        assert reader is not None
        while True:
            batch = await reader.getmany(timeout_ms=50, max_records=5000)
            now = time.time()
            for tp, records in batch.items():
                kind = (
                    "decision"
                    if tp.topic == cfg.output_topics[0]
                    else "fallback"
                    if len(cfg.output_topics) > 1 and tp.topic == cfg.output_topics[1]
                    else "dead_letter"
                )
                for r in records:
                    if r.value is None:
                        continue
                    try:
                        data = orjson.loads(r.value)
                        # A dead letter's value is the input record itself.
                        eid = data["event"]["event_id"] if kind == "fallback" else data["event_id"]
                    except (orjson.JSONDecodeError, KeyError, TypeError):
                        continue
                    if not isinstance(eid, str) or not eid.startswith(prefix):
                        continue
                    try:
                        i = int(eid[plen:])
                    except ValueError:
                        continue
                    if i >= n_max:
                        continue
                    if not math.isnan(st.done_wall[i]):
                        st.duplicates += 1
                        continue
                    st.done_wall[i] = now
                    st.append_ms[i] = r.timestamp
                    st.done += 1
                    if kind == "decision":
                        st.decisions += 1
                    elif kind == "fallback":
                        st.fallbacks += 1
                    else:
                        st.dead_letters += 1  # only when a source event is invalid

    async def lag_loop() -> None:
        from aiokafka.admin import AIOKafkaAdminClient

        admin = AIOKafkaAdminClient(**cfg.kafka)
        probe = AIOKafkaConsumer(**cfg.kafka, group_id=None, enable_auto_commit=False)
        await admin.start()
        await probe.start()
        try:
            tps = await _partitions(producer, [cfg.input_topic])
            while True:
                try:
                    ends = await probe.end_offsets(tps)
                    committed = await admin.list_consumer_group_offsets(cfg.group_id)
                    lag = 0
                    for tp in tps:
                        c = committed.get(tp)
                        lag += max(
                            0, ends[tp] - (c.offset if c is not None and c.offset >= 0 else 0)
                        )
                    st.group_lag = float(lag)
                except Exception:  # lag is informative only; never fail the run on it
                    st.group_lag = math.nan
                await asyncio.sleep(cfg.sample_interval_s)
        finally:
            with contextlib.suppress(Exception):
                await probe.stop()
            with contextlib.suppress(Exception):
                await admin.close()

    async def sample_loop() -> None:
        while True:
            timeline.append(
                {
                    "t": round(time.perf_counter() - t0, 3),
                    "sent": st.sent,
                    "done": st.done,
                    "outstanding": st.sent - st.done,
                    "group_lag": st.group_lag,
                }
            )
            await asyncio.sleep(cfg.sample_interval_s)

    async def send_loop() -> None:
        clock = Clock()
        n_templates = len(cfg.templates)
        order = rng.permutation(max(n_max, 1)) % n_templates
        deadline = t0 + cfg.duration_s if cfg.duration_s is not None else math.inf
        due = arrival_offsets(cfg.rate, n_max, rng, cfg.arrivals) if cfg.rate else None
        pending: list[asyncio.Future[Any]] = []
        conv_mod = cfg.shared_conversations
        for i in range(n_max):
            now = time.perf_counter()
            if now >= deadline:
                break
            if due is not None:
                wait = t0 + due[i] - now
                if wait > 0:
                    if t0 + due[i] >= deadline:
                        break
                    await asyncio.sleep(wait)
                else:
                    st.lateness.append(-wait)
            elif i % 200 == 0:
                await asyncio.sleep(0)  # let the reader run while sending flat out
            t = time.time()
            conv = f"{cfg.run_id}-c{i % conv_mod if conv_mod else i}"
            value = cfg.templates[order[i]].render(f"{prefix}{i}", conv, clock.stamp(t))
            st.sent_wall[i] = t
            fut = await producer.send(cfg.input_topic, value=value, key=conv.encode())
            pending.append(fut)
            st.sent = i + 1
            if len(pending) >= 1000:
                await asyncio.gather(*pending)
                pending.clear()
        if pending:
            await asyncio.gather(*pending)
        await producer.flush()

    aux = [asyncio.create_task(sample_loop())]
    if reader is not None:
        aux.append(asyncio.create_task(read_loop()))
        if cfg.group_id:
            aux.append(asyncio.create_task(lag_loop()))
    try:
        await send_loop()
        send_seconds = time.perf_counter() - t0
        if reader is not None:
            limit = time.perf_counter() + cfg.timeout_s
            while st.done < st.sent and time.perf_counter() < limit:
                if aux[1].done():
                    aux[1].result()  # surface a reader failure
                await asyncio.sleep(0.05)
            await asyncio.sleep(min(0.3, cfg.sample_interval_s))  # late duplicates, last sample
    finally:
        for t in aux:
            t.cancel()
        await asyncio.gather(*aux, return_exceptions=True)
        with contextlib.suppress(Exception):
            await producer.stop()
        if reader is not None:
            with contextlib.suppress(Exception):
                await reader.stop()
    timeline.append(
        {
            "t": round(time.perf_counter() - t0, 3),
            "sent": st.sent,
            "done": st.done,
            "outstanding": st.sent - st.done,
            "group_lag": st.group_lag,
        }
    )
    return _summarise(cfg, st, t0_wall, send_seconds, timeline)


def _summarise(
    cfg: LoadConfig,
    st: _State,
    t0_wall: float,
    send_seconds: float,
    timeline: list[dict[str, float]],
) -> LoadResult:
    n = st.sent
    sent = st.sent_wall[:n]
    done = st.done_wall[:n]
    ok = ~np.isnan(done)
    lat = done[ok] - sent[ok]
    append = st.append_ms[:n][ok] / 1000.0 - sent[ok]
    finished = np.sort(done[ok])
    if finished.size:
        seconds = float(finished[-1] - t0_wall)
        throughput = finished.size / seconds if seconds > 0 else 0.0
    else:
        seconds, throughput = 0.0, 0.0
    steady = throughput
    if finished.size >= 2:
        # The drain rate after the first results: results arrive in bursts (one per worker
        # batch), so count what completed after the first burst over the time it took.
        first_burst = int(np.searchsorted(finished, finished[0] + 0.05, side="right"))
        span = float(finished[-1] - finished[first_burst - 1])
        if first_burst < finished.size and span > 0:
            steady = (finished.size - first_burst) / span
    late = np.asarray(st.lateness) if st.lateness else np.zeros(1)
    return LoadResult(
        run_id=cfg.run_id,
        target_rate=cfg.rate,
        sent=n,
        send_seconds=round(send_seconds, 3),
        send_rate=round(n / send_seconds, 1) if send_seconds > 0 else 0.0,
        send_lateness_p99_s=round(float(np.percentile(late, 99)), 6),
        results=int(ok.sum()),
        decisions=st.decisions,
        fallbacks=st.fallbacks,
        dead_letters=st.dead_letters,
        duplicates=st.duplicates,
        missing=int(n - ok.sum()) if cfg.read else 0,
        seconds=round(seconds, 3),
        throughput=round(throughput, 2),
        throughput_steady=round(steady, 2),
        latency_s=percentiles(lat),
        to_append_latency_s=percentiles(append),
        timeline=timeline,
    )


# ---------------------------------------------------------------------------- CLI
def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="router-loadgen",
        description="Publish TurnEvents at a rate, read the results back read_committed, "
        "print throughput and latency percentiles.",
    )
    for name, typ, help_ in _CONN_FLAGS:
        p.add_argument("--" + name.replace("_", "-"), dest=name, type=typ, help=help_)
    src = p.add_mutually_exclusive_group()
    src.add_argument(
        "--from",
        dest="files",
        nargs="+",
        metavar="JSONL",
        help="events from these files (TurnEvents or evaluation records; globs allowed)",
    )
    src.add_argument(
        "--generate",
        type=int,
        default=None,
        metavar="N",
        help="N distinct events from the training data generator (default 500)",
    )
    p.add_argument("--seed", type=int, default=0)
    rate = p.add_mutually_exclusive_group()
    rate.add_argument("--rate", type=float, help="target events/s (open loop)")
    rate.add_argument("--max", action="store_true", help="send as fast as possible")
    p.add_argument("--arrivals", choices=("poisson", "uniform"), default="poisson")
    p.add_argument("--count", type=int, help="events to send")
    p.add_argument("--duration", type=float, help="seconds to send for")
    p.add_argument("--timeout", type=float, default=60.0, help="wait for results (s)")
    p.add_argument("--no-read", action="store_true", help="only publish")
    p.add_argument(
        "--conversations",
        type=int,
        default=0,
        help="cycle over this many conversation ids (default: one per event)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--timeline", action="store_true", help="include the timeline in --json")
    return p


def _settings_from(args: argparse.Namespace) -> Settings:
    from pydantic import ValidationError

    overrides = {
        n: getattr(args, n) for n, _, _ in _CONN_FLAGS if getattr(args, n, None) is not None
    }
    try:
        return Settings(**overrides)
    except ValidationError as e:
        raise SystemExit(f"invalid settings:\n{e}") from e


def load_templates(files: Sequence[str] | None, generate: int | None, seed: int) -> list[Template]:
    events: Iterable[dict[str, Any]] = (
        events_from_files(files) if files else generated_events(generate or 500, seed)
    )
    return [make_template(e) for e in events]


def format_result(r: LoadResult) -> str:
    lat = r.latency_s
    lines = [
        f"run {r.run_id}: sent {r.sent} in {r.send_seconds:.1f}s ({r.send_rate:.0f}/s"
        + (f", target {r.target_rate:g}/s" if r.target_rate else ", flat out")
        + ")",
        f"results {r.results} (decisions {r.decisions}, fallbacks {r.fallbacks}), "
        f"missing {r.missing}, duplicates {r.duplicates}",
        f"throughput {r.throughput:.1f}/s overall, {r.throughput_steady:.1f}/s steady",
    ]
    if lat:
        lines.append(
            "e2e latency (sent_at -> visible read_committed): "
            + " ".join(f"{k} {v * 1000:.1f}ms" for k, v in lat.items())
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.count is None and args.duration is None:
        raise SystemExit("give --count or --duration")
    if not args.max and args.rate is None:
        raise SystemExit("give --rate R or --max")
    s = _settings_from(args)
    cfg = LoadConfig(
        kafka=s.kafka_common(),
        input_topic=s.input_topic,
        output_topics=[s.decisions_topic, s.fallback_topic, s.dead_letter_topic],
        templates=load_templates(args.files, args.generate, args.seed),
        rate=None if args.max else args.rate,
        count=args.count,
        duration_s=args.duration,
        arrivals=args.arrivals,
        read=not args.no_read,
        timeout_s=args.timeout,
        group_id=s.group_id if args.group_id or not args.no_read else None,
        seed=args.seed,
        shared_conversations=args.conversations,
    )
    result = asyncio.run(run_load(cfg))
    if args.json:
        out = result.to_json()
        if not args.timeline:
            out.pop("timeline")
        sys.stdout.write(orjson.dumps(out, option=orjson.OPT_SERIALIZE_NUMPY).decode() + "\n")
    else:
        print(format_result(result))
    return 0 if result.missing == 0 and result.duplicates == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
