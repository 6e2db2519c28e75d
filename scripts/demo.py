"""The quickstart demo: a real broker, the worker with the default model, a sample producer.

    python scripts/demo.py [--events 300] [--keep-broker]

1. starts a single-node KRaft Kafka on 127.0.0.1:19092 (``scripts/kafka.sh``) unless
   ``KAFKA_BOOTSTRAP_SERVERS`` points at one already;
2. creates the five topics of the wire contract (fresh names per run);
3. starts ``router-worker run`` with the packaged default model;
4. publishes a few hundred realistic TurnEvents made by the seeded training-data generator
   (several turns per conversation, five languages, a few poison records);
5. prints every decision as it is committed (read_committed), then a summary;
6. stops the worker with SIGTERM (it drains and exits 0) and the broker it started.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

REPO = Path(__file__).resolve().parents[1]
KAFKA_SH = REPO / "scripts" / "kafka.sh"


def start_broker() -> tuple[str, bool]:
    if os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        return os.environ["KAFKA_BOOTSTRAP_SERVERS"], False
    t0 = time.monotonic()
    out = subprocess.run([str(KAFKA_SH), "start"], check=True, capture_output=True, text=True)
    line = next(x for x in out.stdout.splitlines() if x.startswith("KAFKA_BOOTSTRAP_SERVERS="))
    print(f"broker up in {time.monotonic() - t0:.1f}s", flush=True)
    return line.split("=", 1)[1], True


async def create_topics(bootstrap: str, names: dict[str, str]) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics(
            [NewTopic(n, 3 if k in ("turns", "decisions") else 1, 1) for k, n in names.items()]
        )
    finally:
        await admin.close()


def sample_events(n: int, seed: int) -> list[tuple[bytes, bytes]]:
    """Realistic TurnEvents from the generator, each conversation replayed turn by turn."""
    from router_worker.training import generate

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "sample.jsonl"
        generate.main(["--n", str(n), "--seed", str(seed), "--out", str(path)])
        records = [orjson.loads(x) for x in path.read_bytes().splitlines() if x.strip()]
    out: list[tuple[bytes, bytes]] = []
    for rec in records[:n]:
        ev = rec["event"]
        ev["sent_at"] = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        out.append((ev["conversation_id"].encode(), orjson.dumps(ev)))
    # A few poison records, as a real platform would eventually send.
    out.insert(len(out) // 3, (b"poison-1", b'{"schema_version": 1, "event_id": "broken"'))
    out.insert(
        2 * len(out) // 3, (b"poison-2", orjson.dumps({"schema_version": 1, "messages": []}))
    )
    return out


async def produce(bootstrap: str, topic: str, records: list[tuple[bytes, bytes]]) -> None:
    p = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    await p.start()
    try:
        for key, value in records:
            await p.send(topic, value=value, key=key)
            await asyncio.sleep(0.02)  # a chat platform's trickle (50/s), not a bulk load
        await p.flush()
    finally:
        await p.stop()


def _line(topic_kind: str, value: bytes | None, headers: list[tuple[str, bytes]]) -> str:
    if topic_kind == "dead":
        h = dict(headers)
        return f"  DEAD-LETTER  {h['error.type'].decode():<13} {h['error.message'].decode()[:70]}"
    rec = orjson.loads(value or b"{}")
    if topic_kind == "fallback":
        ev = rec["event"]
        where = f"{ev['conversation_id']} turn {ev['turn_index']}"
        return f"  FALLBACK     {rec['fallback_reason']:<13} {where}"
    cites = ",".join(c["guideline_id"] for c in rec.get("citations", []))
    flag = f" [{rec['guardrail']}]" if rec.get("guardrail") else ""
    return (
        f"  {rec['decision'].upper():<12} {rec['reason']:<17} {rec['conversation_id']:<22}"
        f" turn {rec['turn_index']:<2} p={max(rec['scores'].values()):.2f}"
        f" {('cites ' + cites) if cites else ''}{flag}"
    )


async def watch(bootstrap: str, names: dict[str, str], expected: int, timeout: float) -> dict:
    kinds = {names["decisions"]: "decision", names["fallback"]: "fallback", names["dead"]: "dead"}
    c = AIOKafkaConsumer(
        *kinds,
        bootstrap_servers=bootstrap,
        isolation_level="read_committed",
        auto_offset_reset="earliest",
        group_id=None,
    )
    await c.start()
    counts: Counter[str] = Counter()
    latencies: list[float] = []
    t0 = time.monotonic()
    try:

        def done() -> int:
            return sum(v for k, v in counts.items() if k.startswith("total:"))

        while done() < expected and time.monotonic() - t0 < timeout:
            batch = await c.getmany(timeout_ms=500)
            for tp, recs in batch.items():
                for r in recs:
                    kind = kinds[tp.topic]
                    print(_line(kind, r.value, list(r.headers)), flush=True)
                    if kind == "decision":
                        d = orjson.loads(r.value)
                        counts[f"decision:{d['decision']}"] += 1
                        latencies.append(d["latency_ms"])
                    counts[f"total:{kind}"] += 1
    finally:
        await c.stop()
    return {"counts": counts, "latencies": latencies, "seconds": time.monotonic() - t0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--events", type=int, default=300)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--model-dir", type=Path, default=None)
    ap.add_argument("--keep-broker", action="store_true", help="leave the broker running")
    args = ap.parse_args(argv)

    bootstrap, started = start_broker()
    run = uuid.uuid4().hex[:6]
    names = {
        "turns": f"conversation.turns.demo-{run}",
        "decisions": f"routing.decisions.demo-{run}",
        "fallback": f"routing.llm-fallback.demo-{run}",
        "dead": f"routing.dead-letter.demo-{run}",
        "outcomes": f"routing.outcomes.demo-{run}",
    }
    worker: subprocess.Popen[bytes] | None = None
    try:
        asyncio.run(create_topics(bootstrap, names))
        env = {
            **os.environ,
            "ROUTER_BOOTSTRAP_SERVERS": bootstrap,
            "ROUTER_INPUT_TOPIC": names["turns"],
            "ROUTER_DECISIONS_TOPIC": names["decisions"],
            "ROUTER_FALLBACK_TOPIC": names["fallback"],
            "ROUTER_DEAD_LETTER_TOPIC": names["dead"],
            "ROUTER_GROUP_ID": f"demo-{run}",
            "ROUTER_TRANSACTIONAL_ID_PREFIX": f"demo-{run}",
            "ROUTER_METRICS_HOST": "127.0.0.1",
            "ROUTER_METRICS_PORT": "0",
            "ROUTER_LOG_LEVEL": "WARNING",
        }
        if args.model_dir:
            env["ROUTER_MODEL_DIR"] = str(args.model_dir)
        log = open(Path(tempfile.gettempdir()) / f"router-demo-{run}.log", "wb")  # noqa: SIM115
        worker = subprocess.Popen(
            [sys.executable, "-m", "router_worker.cli", "run"], env=env, stdout=log, stderr=log
        )
        records = sample_events(args.events, args.seed)
        print(f"publishing {len(records)} TurnEvents to {names['turns']} ...", flush=True)
        asyncio.run(produce(bootstrap, names["turns"], records))
        result = asyncio.run(watch(bootstrap, names, len(records), timeout=300))
    finally:
        if worker is not None and worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            code = worker.wait(60)
            print(f"worker drained and exited with {code}", flush=True)
        if started and not args.keep_broker:
            subprocess.run([str(KAFKA_SH), "stop"], check=False, capture_output=True)

    c = result["counts"]
    lat = sorted(result["latencies"])

    def pct(q: float) -> float:
        return lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")

    print("\nsummary")
    print(f"  inputs published      {len(records)}")
    print(
        f"  decisions             {c['total:decision']}  "
        + "  ".join(
            f"{k.split(':')[1]}={v}" for k, v in sorted(c.items()) if k.startswith("decision:")
        )
    )
    print(f"  LLM fallbacks         {c['total:fallback']}")
    print(f"  dead letters          {c['total:dead']}")
    print(f"  worker latency (ms)   p50={pct(0.5):.1f} p95={pct(0.95):.1f}")
    done = c["total:decision"] + c["total:fallback"] + c["total:dead"]
    print(f"  results               {done}/{len(records)} in {result['seconds']:.1f}s")
    return 0 if done == len(records) else 1


if __name__ == "__main__":
    raise SystemExit(main())
