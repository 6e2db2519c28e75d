"""Soak: the fault scenarios of tests/test_faults.py, for as long as asked, then the checker.

    python -m benchmarks.soak --minutes 30
    python -m benchmarks.soak --minutes 5 --bootstrap 127.0.0.1:9092 --json

Input flows at ``--rate`` events/s for ``--minutes`` (good events over many conversations,
poison records, and, with the toy model, "kaboom" events that make the engine fail), into
``--partitions`` partitions, while a chaos loop keeps ``--workers`` real worker processes
in one group and, every few seconds, does one of: SIGKILL a worker, SIGTERM a worker,
freeze one past its session timeout (SIGSTOP ... SIGCONT: a zombie), restart the broker
(only a broker this script started itself). Dead or stopped workers are replaced at once.
When the time is up the input stops, the workers finish, and ``router_worker.verify``
checks the whole run (lost, duplicated, unknown, order, aborted-but-visible). The exit code
is 0 only if the checker passes with no unknown result.

Model: ``--model-dir``, else the packaged default model when it exists, else the toy model.
Without ``--bootstrap`` (or ``KAFKA_BOOTSTRAP_SERVERS``) a broker is started with
``scripts/kafka.sh`` in a temporary directory and stopped at the end. Needs the dev extra
(the helpers of tests/ are reused).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from router_worker.verify import Report, VerifyTopics, collect  # noqa: E402
from tests.kafka_fixture import KAFKA_SH, _create_topic, run_async  # noqa: E402
from tests.kafka_helpers import Topics, WorkerProcess, free_port  # noqa: E402
from tests.test_faults import EventStream  # noqa: E402
from tests.test_hostile_input import _poison  # noqa: E402


def log(msg: str) -> None:
    print(f"[soak {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------ broker
class OwnBroker:
    """A scripts/kafka.sh broker in a temporary directory (restartable)."""

    def __init__(self, state: Path) -> None:
        self.env = dict(os.environ)
        self.env.pop("KAFKA_BOOTSTRAP_SERVERS", None)
        port, ctrl = free_port(), free_port()
        while ctrl == port:
            ctrl = free_port()
        self.env.update(
            KAFKA_PORT=str(port),
            KAFKA_CONTROLLER_PORT=str(ctrl),
            KAFKA_DATA_DIR=str(state),
            PYTHON=sys.executable,
        )
        self.bootstrap = f"127.0.0.1:{port}"

    def _run(self, *args: str, timeout: float = 600) -> None:
        proc = subprocess.run(
            ["bash", str(KAFKA_SH), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"kafka.sh {' '.join(args)} failed:\n{proc.stderr[-3000:]}")

    def start(self) -> None:
        self._run("start")

    def restart(self) -> None:
        self._run("restart", timeout=300)

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._run("stop", timeout=120)


# ------------------------------------------------------------------------------ input
class MixedStream:
    """Good events (and kaboom events with the toy model) with a poison record every n-th."""

    def __init__(self, conversations: int, poison_every: int, kaboom_every: int | None) -> None:
        self.events = EventStream("soak", conversations, kaboom_every=kaboom_every)
        self.poison_every = poison_every
        self.rng = random.Random(3)
        self.count = 0
        self.poison = 0

    def next(self, n: int) -> list[tuple[bytes | None, bytes | None]]:
        out: list[tuple[bytes | None, bytes | None]] = []
        for _ in range(n):
            self.count += 1
            if self.poison_every and self.count % self.poison_every == 0:
                out.append(_poison(self.rng, self.poison))
                self.poison += 1
            else:
                out.extend(self.events.next(1))
        return out


class Producer:
    """Steady-rate producer on its own thread; survives broker restarts by retrying."""

    def __init__(self, bootstrap: str, topic: str, stream: MixedStream, rate: float) -> None:
        self.bootstrap, self.topic, self.stream, self.rate = bootstrap, topic, stream, rate
        self.sent = 0
        self.retries = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._go()), daemon=True)

    def start(self) -> Producer:
        self._thread.start()
        return self

    async def _go(self) -> None:
        from aiokafka import AIOKafkaProducer

        t0 = time.monotonic()
        pending: list[tuple[bytes | None, bytes | None]] = []
        producer: AIOKafkaProducer | None = None
        while not self._stop.is_set() or pending:
            if not pending:
                due = int((time.monotonic() - t0) * self.rate)
                if due <= self.sent:
                    await asyncio.sleep(0.05)
                    continue
                pending = self.stream.next(min(due - self.sent, 500))
            try:
                if producer is None:
                    producer = AIOKafkaProducer(
                        bootstrap_servers=self.bootstrap,
                        acks="all",
                        enable_idempotence=True,
                        max_request_size=4 * 1024 * 1024,
                    )
                    await producer.start()
                futs = [await producer.send(self.topic, value=v, key=k) for k, v in pending]
                await asyncio.gather(*futs)
                self.sent += len(pending)
                pending = []
            except Exception as e:  # broker restarting: resend the batch (a resent record
                # is a new input with the same event id; the checker expects a result each)
                self.retries += 1
                log(f"producer: {type(e).__name__}; retrying")
                if producer is not None:
                    with contextlib.suppress(Exception):
                        await producer.stop()
                producer = None
                await asyncio.sleep(1.0)
        if producer is not None:
            await producer.stop()

    def stop(self) -> int:
        self._stop.set()
        self._thread.join(300)
        return self.sent


# ------------------------------------------------------------------------------ chaos
def rss_mb(pid: int) -> float:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    work = Path(args.out_dir or tempfile.mkdtemp(prefix="soak-"))
    work.mkdir(parents=True, exist_ok=True)
    log(f"logs and state in {work}")

    broker: OwnBroker | None = None
    bootstrap = args.bootstrap or os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if not bootstrap:
        broker = OwnBroker(work / "kafka")
        log("starting a broker with scripts/kafka.sh")
        broker.start()
        bootstrap = broker.bootstrap

    default = REPO / "router_worker" / "default_model"
    if args.model_dir:
        model_dir, model_name = Path(args.model_dir), f"given ({args.model_dir})"
    elif (default / "model.json").is_file():
        model_dir, model_name = default, "default"
    else:
        from router_worker.engine.toy import write_toy_model

        model_dir = write_toy_model(work / "toy-model", fail_on_text="kaboom")
        model_name = "toy (fail_on_text=kaboom)"
    log(f"model: {model_name}; broker: {bootstrap}")

    suffix = uuid.uuid4().hex[:8]
    topics = Topics(
        f"soak-in-{suffix}", f"soak-dec-{suffix}", f"soak-fb-{suffix}", f"soak-dlq-{suffix}"
    )
    for name, parts in zip(
        [topics.input, topics.decisions, topics.fallback, topics.dead_letter],
        [args.partitions, args.partitions, 1, 1],
        strict=True,
    ):
        run_async(lambda n=name, k=parts: _create_topic(bootstrap, n, k, None), 60)

    group = f"soak-{suffix}"
    workers: list[WorkerProcess] = []
    actions: Counter[str] = Counter()
    peak_rss = 0.0

    def start_worker() -> WorkerProcess:
        w = WorkerProcess(
            bootstrap,
            topics,
            model_dir,
            group,
            work,
            name=f"w{len(workers)}",
            max_batch_events=args.max_batch_events,
        )
        workers.append(w)
        actions["worker_starts"] += 1
        return w

    def alive() -> list[WorkerProcess]:
        return [w for w in workers if w.proc.poll() is None]

    kaboom = 97 if model_name.startswith("toy") else None
    stream = MixedStream(conversations=500, poison_every=args.poison_every, kaboom_every=kaboom)
    producer: Producer | None = None
    report: Report | None = None
    try:
        for _ in range(args.workers):
            start_worker()
        for w in alive():
            w.wait_ready(timeout=180)
        producer = Producer(bootstrap, topics.input, stream, args.rate).start()
        deadline = time.monotonic() + args.minutes * 60
        choices = ["sigkill", "sigterm", "zombie", "none"] + (["broker_restart"] if broker else [])
        weights = [0.35, 0.3, 0.1, 0.15] + ([0.1] if broker else [])
        while time.monotonic() < deadline:
            time.sleep(rng.uniform(args.min_interval, args.max_interval))
            for w in alive():
                peak_rss = max(peak_rss, rss_mb(w.proc.pid))
            action = rng.choices(choices, weights)[0]
            live = alive()
            if action == "sigkill" and live:
                rng.choice(live).kill()
            elif action == "sigterm" and live:
                victim = rng.choice(live)
                rc = victim.terminate(timeout=60)
                if rc != 0:
                    actions["sigterm_nonzero_exit"] += 1
            elif action == "zombie" and live:
                z = rng.choice(live)
                z.proc.send_signal(signal.SIGSTOP)
                time.sleep(9.0)  # past the 6 s session timeout of WorkerProcess
                z.proc.send_signal(signal.SIGCONT)
            elif action == "broker_restart" and broker is not None:
                broker.restart()
            actions[action] += 1
            log(f"{action}; {len(alive())} alive; {producer.sent} produced")
            for w in workers:
                if w.proc.poll() is not None and not getattr(w, "_reaped", False):
                    w._reaped = True  # type: ignore[attr-defined]
                    if w.proc.returncode not in (0, -signal.SIGKILL):
                        actions["unexpected_exits"] += 1
                        log(f"{w.log_path.name} exited {w.proc.returncode}:\n{w.logs()[-2000:]}")
            while len(alive()) < args.workers:
                start_worker()
        sent = producer.stop()
        log(f"input stopped after {sent} records; waiting for the workers to finish")
        while len(alive()) < args.workers:
            start_worker()
        vt = VerifyTopics(topics.input, topics.decisions, topics.fallback, topics.dead_letter)
        report = run_async(
            lambda: collect({"bootstrap_servers": bootstrap}, vt, timeout=args.settle, idle=5),
            timeout=args.settle + 300,
        )
        fenced = sum(w.metric('router_transactions_total{result="fenced"}') for w in alive())
        summary = {
            "minutes": args.minutes,
            "model": model_name,
            "partitions": args.partitions,
            "workers": args.workers,
            "rate": args.rate,
            "produced": sent,
            "poison_records": stream.poison,
            "kaboom_events": len(stream.events.kaboom_ids),
            "producer_retries": producer.retries,
            "chaos": dict(actions),
            "peak_worker_rss_mb": round(peak_rss, 1),
            "fenced_transactions_of_survivors": fenced,
            "checker": {k: v for k, v in report.to_dict().items() if k != "samples"},
            "logs": str(work),
        }
        if args.json:
            print(json.dumps(summary, sort_keys=True))
        else:
            print(report.summary())
            print(json.dumps({k: v for k, v in summary.items() if k != "checker"}, indent=2))
        ok = report.ok and report.unknown == 0 and report.inputs == sent
        ok = ok and actions["unexpected_exits"] == 0
        return 0 if ok else 1
    finally:
        if producer is not None:
            producer.stop()
        for w in workers:
            w.close()
        if broker is not None:
            broker.stop()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.soak", description=__doc__.split("\n\n")[0]
    )
    p.add_argument("--minutes", type=float, default=10.0, help="how long input flows")
    p.add_argument("--bootstrap", help="an existing broker (no broker restarts then)")
    p.add_argument("--model-dir", help="model directory (default: packaged, else toy)")
    p.add_argument("--workers", type=int, default=3)
    p.add_argument("--partitions", type=int, default=6)
    p.add_argument("--rate", type=float, default=150.0, help="input records per second")
    p.add_argument("--poison-every", type=int, default=25, help="every n-th record is poison")
    p.add_argument("--max-batch-events", type=int, default=32)
    p.add_argument("--min-interval", type=float, default=3.0, help="seconds between faults")
    p.add_argument("--max-interval", type=float, default=8.0)
    p.add_argument("--settle", type=float, default=600.0, help="checker wait at the end (s)")
    p.add_argument("--seed", type=int, default=int(time.time()))
    p.add_argument("--out-dir", help="where worker logs (and an own broker's state) go")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    args = p.parse_args(argv)
    import logging

    # The producer's retries while a broker restarts are expected; keep stderr readable.
    logging.getLogger("aiokafka").setLevel(logging.ERROR)
    log(f"seed {args.seed}")
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
