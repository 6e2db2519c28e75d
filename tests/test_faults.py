"""Fault scenarios against the real broker, judged by the run checker (router_worker.verify).

1. worker crash: several SIGKILLs at random points, restarts;
2. rebalance churn: three members joining and leaving (SIGTERM and SIGKILL) while input flows;
3. broker restart mid-run: the workers recover without help;
4. slow engine: each batch takes longer than max_poll_interval_ms; no rebalance storm;
5. engine failure: batches holding a "kaboom" event fail in ONNX Runtime and go to the
   fallback as model_unavailable; the worker keeps serving.

Every scenario ends with ``collect`` (read_uncommitted + read_committed of the outputs) and
asserts: no loss, no duplicate, no order violation, no unknown result, no aborted record
seen by read_committed. Each prints one ``FAULT-REPORT {json}`` line with its figures (run
with ``-s`` to see them; ``ROUTER_FAULTS_REPORT=<file>`` appends them to a file too).
``benchmarks/soak.py`` runs the same faults for as long as asked.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import signal
import threading
import time
from pathlib import Path
from typing import Any

import orjson
import pytest

from router_worker.verify import Report, VerifyTopics, collect
from tests.conftest import make_event
from tests.kafka_fixture import run_async
from tests.kafka_helpers import REPO, Topics, WorkerProcess, free_port, produce, start_worker

DEFAULT_MODEL = REPO / "router_worker" / "default_model"


# ------------------------------------------------------------------------------------ helpers
class EventStream:
    """TurnEvents over a fixed set of conversations, turn_index growing in each.

    ``kaboom_every``: every n-th event is a one-turn conversation whose last user message
    contains "kaboom", which makes the toy model fail at inference.
    """

    def __init__(self, prefix: str, conversations: int, kaboom_every: int | None = None) -> None:
        self.prefix = prefix
        self.conversations = conversations
        self.kaboom_every = kaboom_every
        self.turns: dict[int, int] = {}
        self.count = 0
        self.kaboom_ids: list[str] = []

    def next(self, n: int) -> list[tuple[bytes | None, bytes | None]]:
        out: list[tuple[bytes | None, bytes | None]] = []
        for _ in range(n):
            i = self.count
            self.count += 1
            if self.kaboom_every and i % self.kaboom_every == self.kaboom_every // 2:
                eid = f"{self.prefix}-{i}-kaboom"
                ev = make_event(0, event_id=eid, conversation_id=f"{self.prefix}-boom-{i}")
                ev["turn_index"] = 0
                ev["messages"] = [{"role": "user", "text": "kaboom, my order never arrived"}]
                self.kaboom_ids.append(eid)
            else:
                c = i % self.conversations
                t = self.turns.get(c, 0)
                self.turns[c] = t + 1
                ev = make_event(
                    0,
                    event_id=f"{self.prefix}-{i}",
                    conversation_id=f"{self.prefix}-conv-{c}",
                    turn_index=t,
                )
            out.append((ev["conversation_id"].encode(), orjson.dumps(ev)))
        return out


class BackgroundProducer:
    """Produce a stream's events at a steady rate from its own thread and event loop."""

    def __init__(self, bootstrap: str, topic: str, stream: EventStream, rate: float, total: int):
        self.bootstrap, self.topic, self.stream = bootstrap, topic, stream
        self.rate, self.total = rate, total
        self.sent = 0
        self.error: BaseException | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._main, name="bg-producer", daemon=True)

    def start(self) -> BackgroundProducer:
        self._thread.start()
        return self

    def _main(self) -> None:
        try:
            asyncio.run(self._go())
        except BaseException as e:  # surfaced by join()
            self.error = e

    async def _go(self) -> None:
        from aiokafka import AIOKafkaProducer

        p = AIOKafkaProducer(
            bootstrap_servers=self.bootstrap, acks="all", enable_idempotence=True, linger_ms=5
        )
        await p.start()
        try:
            t0 = time.monotonic()
            while self.sent < self.total and not self._stop.is_set():
                due = min(self.total, int((time.monotonic() - t0) * self.rate) + 1)
                if due <= self.sent:
                    await asyncio.sleep(0.02)
                    continue
                futs = [
                    await p.send(self.topic, value=v, key=k)
                    for k, v in self.stream.next(due - self.sent)
                ]
                await asyncio.gather(*futs)
                self.sent = due
        finally:
            await p.stop()

    def join(self, timeout: float = 120) -> int:
        self._thread.join(timeout)
        if self.error is not None:
            raise self.error
        assert not self._thread.is_alive(), "producer did not finish"
        return self.sent

    def stop(self) -> None:
        self._stop.set()


def verify_topics(bootstrap: str, topics: Topics, timeout: float = 150, idle: float = 3) -> Report:
    vt = VerifyTopics(topics.input, topics.decisions, topics.fallback, topics.dead_letter)
    return run_async(
        lambda: collect({"bootstrap_servers": bootstrap}, vt, timeout=timeout, idle=idle),
        timeout=timeout + 120,
    )


def assert_clean(rep: Report, inputs: int, logs: str = "") -> None:
    detail = rep.summary() + ("\n--- worker log tail ---\n" + logs[-3000:] if logs else "")
    assert rep.inputs == inputs, detail
    assert rep.lost == 0 and rep.duplicated == 0, detail
    assert rep.order_violations == 0 and rep.unknown == 0, detail
    assert rep.aborted_seen_by_read_committed == 0 and rep.ok, detail
    assert rep.decisions + rep.fallbacks + rep.dead_letters == inputs, detail


def record(scenario: str, rep: Report, **facts: Any) -> None:
    """One line of figures per scenario: stdout, and ROUTER_FAULTS_REPORT when set."""
    figures = {k: v for k, v in rep.to_dict().items() if k != "samples" and v != {}}
    line = json.dumps({"scenario": scenario, **facts, "checker": figures}, sort_keys=True)
    print(f"\nFAULT-REPORT {line}")
    path = os.environ.get("ROUTER_FAULTS_REPORT")
    if path:
        with open(path, "a") as f:
            f.write(line + "\n")


def model_for_scenarios(toy_model_dir: Path) -> tuple[Path, str]:
    """The packaged default model when it has been built, else the toy model."""
    if (DEFAULT_MODEL / "model.json").is_file():
        return DEFAULT_MODEL, "default"
    return toy_model_dir, "toy"


def wait_for(pred: Any, timeout: float, what: str, step: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(step)


_start = start_worker


# ------------------------------------------------------------------------------------ 1. crash
def test_worker_crash_several_sigkills(
    kafka_bootstrap: str,
    topic_factory: Any,
    toy_model_dir: Path,
    tmp_path: Path,
    workers: list[WorkerProcess],
) -> None:
    rng = random.Random(int(os.environ.get("ROUTER_FAULT_SEED", "5")))
    model, model_name = model_for_scenarios(toy_model_dir)
    n = 3000 if model_name == "toy" else 1500
    topics = Topics.create(topic_factory, partitions=3)
    stream = EventStream("crash", 400)
    produce(kafka_bootstrap, topics.input, stream.next(n))
    kills: list[dict[str, float]] = []
    for _ in range(3):
        w = _start(
            workers, kafka_bootstrap, topics, model, "g-crash", tmp_path, max_batch_events=16
        )
        w.wait_ready(timeout=120)
        # A random point: after k committed transactions of this incarnation, plus a jitter.
        k = rng.randint(2, 12)
        wait_for(lambda w=w, k=k: w.metric("router_transactions_total") >= k, 90, "progress")
        time.sleep(rng.uniform(0, 0.3))
        done = w.metric("router_decisions_total") + w.metric("router_fallbacks_total")
        w.kill()
        kills.append({"after_transactions": k, "results_by_this_incarnation": done})
    last = _start(workers, kafka_bootstrap, topics, model, "g-crash", tmp_path)
    last.wait_ready(timeout=120)
    rep = verify_topics(kafka_bootstrap, topics)
    assert_clean(rep, n, last.logs())
    assert last.proc.poll() is None
    record(
        "worker_crash",
        rep,
        model=model_name,
        events=n,
        partitions=3,
        sigkills=len(kills),
        restarts=len(kills),
        kills=kills,
    )


# ------------------------------------------------------------------------------------ 2. churn
def test_rebalance_churn_three_members(
    kafka_bootstrap: str,
    topic_factory: Any,
    toy_model_dir: Path,
    tmp_path: Path,
    workers: list[WorkerProcess],
) -> None:
    rng = random.Random(int(os.environ.get("ROUTER_FAULT_SEED", "7")))
    model, model_name = model_for_scenarios(toy_model_dir)
    n = 3600 if model_name == "toy" else 1500
    topics = Topics.create(topic_factory, partitions=6)
    group = "g-churn"
    members = [
        _start(workers, kafka_bootstrap, topics, model, group, tmp_path, max_batch_events=32)
        for _ in range(3)
    ]
    for m in members:
        m.wait_ready(timeout=120)
    stream = EventStream("churn", 300)
    producer = BackgroundProducer(kafka_bootstrap, topics.input, stream, rate=150, total=n).start()
    actions: list[str] = []
    sigterms = sigkills = joins = 0
    # Leave and join while input flows: alternate SIGTERM and SIGKILL of a random member,
    # each followed by a new member joining. Once, in the middle, a member is frozen
    # (SIGSTOP) past its session timeout, so the group gives its partitions away, and then
    # thawed: a zombie with work in flight, which must be fenced, not publish duplicates.
    zombie: WorkerProcess | None = None
    for step in range(6):
        time.sleep(rng.uniform(1.5, 3.0))
        alive = [m for m in members if m.proc.poll() is None and m is not zombie]
        victim = rng.choice(alive)
        if step == 3:
            zombie = rng.choice([m for m in alive if m.http("/readyz")[0] == 200] or alive)
            zombie.proc.send_signal(signal.SIGSTOP)
            time.sleep(6.0 + 3.0)  # session_timeout_ms=6000 (WorkerProcess) + margin
            zombie.proc.send_signal(signal.SIGCONT)
            actions.append(f"t={step}: SIGSTOP {zombie.log_path.name} for 9 s, SIGCONT")
            alive = [m for m in members if m.proc.poll() is None and m is not zombie]
            victim = rng.choice(alive)
        if step % 2 == 0:
            # SIGTERM a member that is serving (one still importing has no handler yet).
            def ready(cands: list[WorkerProcess] = alive) -> list[WorkerProcess]:
                return [m for m in cands if m.http("/readyz")[0] == 200]

            wait_for(lambda: bool(ready()), 120, "a ready member")
            victim = rng.choice(ready())
            rc = victim.terminate(timeout=40)
            assert rc == 0, victim.logs()
            sigterms += 1
            actions.append(f"t={step}: SIGTERM {victim.log_path.name} (exit {rc})")
        else:
            victim.kill()
            sigkills += 1
            actions.append(f"t={step}: SIGKILL {victim.log_path.name}")
        members.append(
            _start(workers, kafka_bootstrap, topics, model, group, tmp_path, max_batch_events=32)
        )
        joins += 1
    sent = producer.join(timeout=120)
    assert sent == n
    alive = [m for m in members if m.proc.poll() is None]
    assert len(alive) == 3, (
        "\n".join(
            f"{m.log_path.name} rc={m.proc.returncode}\n{m.logs()[-2500:]}"
            for m in members
            if m.proc.returncode is not None
        )
        + "\n"
        + "\n".join(actions)
    )
    rep = verify_topics(kafka_bootstrap, topics, timeout=180)
    assert_clean(rep, n, "\n".join(m.logs() for m in alive))
    fenced = sum(m.metric('router_transactions_total{result="fenced"}') for m in alive)
    assert zombie is not None and zombie.proc.poll() is None
    zombie_fenced = zombie.metric('router_transactions_total{result="fenced"}')
    zombie_log = zombie.log_path.read_text(errors="replace")
    zombie_revoked = zombie_log.count('"partitions revoked"')
    record(
        "rebalance_churn",
        rep,
        model=model_name,
        events=n,
        partitions=6,
        members_started=3 + joins,
        sigterms=sigterms,
        sigkills=sigkills,
        sigstops=1,
        fenced_transactions_of_survivors=fenced,
        fenced_transactions_of_zombie=zombie_fenced,
        zombie_fenced_log_lines=zombie_log.count("fenced on"),
        zombie_revocations=zombie_revoked,
        actions=actions,
    )


# ------------------------------------------------------------------------------ 3. broker restart
def test_broker_restart_mid_run(
    kafka_broker: Any,
    topic_factory: Any,
    toy_model_dir: Path,
    tmp_path: Path,
    workers: list[WorkerProcess],
) -> None:
    if not kafka_broker.can_restart:
        pytest.skip(f"the broker ({kafka_broker.mode}) is not managed by scripts/kafka.sh")
    bootstrap = kafka_broker.bootstrap
    model, model_name = model_for_scenarios(toy_model_dir)
    n1, n2 = (3000, 1000) if model_name == "toy" else (1200, 400)
    topics = Topics.create(topic_factory, partitions=3)
    stream = EventStream("brk", 300)
    produce(bootstrap, topics.input, stream.next(n1))
    ws = [
        _start(workers, bootstrap, topics, model, "g-brk", tmp_path, max_batch_events=16)
        for _ in range(2)
    ]
    for w in ws:
        w.wait_ready(timeout=120)

    def progress() -> float:
        return sum(
            w.metric("router_decisions_total") + w.metric("router_fallbacks_total") for w in ws
        )

    wait_for(lambda: progress() >= n1 * 0.2, 90, "a fifth of the first wave")
    before = progress()
    t0 = time.monotonic()
    kafka_broker.restart()  # stop (SIGTERM) + start with the same data and port
    restart_s = time.monotonic() - t0
    produce(bootstrap, topics.input, stream.next(n2))
    rep = verify_topics(bootstrap, topics, timeout=180)
    logs = "\n".join(w.logs() for w in ws)
    assert_clean(rep, n1 + n2, logs)
    assert all(w.proc.poll() is None for w in ws), logs  # no manual action: still serving
    wait_for(lambda: all(w.http("/readyz")[0] == 200 for w in ws), 60, "readiness after restart")
    record(
        "broker_restart",
        rep,
        model=model_name,
        events=n1 + n2,
        partitions=3,
        workers=2,
        broker_restarts=1,
        restart_seconds=round(restart_s, 1),
        results_before_restart=before,
    )


# ------------------------------------------------------------------------------ 4. slow engine
class SlowEngine:
    """Wraps an engine; every batch takes ``delay`` seconds longer."""

    def __init__(self, inner: Any, delay: float) -> None:
        self.inner = inner
        self.delay = delay
        self.model_version = inner.model_version
        self.max_length = inner.max_length
        self.calls = 0

    def run(self, batch: Any) -> Any:
        self.calls += 1
        time.sleep(self.delay)
        return self.inner.run(batch)

    def close(self) -> None:
        self.inner.close()


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = f"{record.name} {record.levelname} {record.getMessage()}"
        if record.exc_info and record.exc_info[1] is not None:
            text += f" {record.exc_info[1]!r}"
        self.lines.append(text)


class InProcessWorker:
    """``run_worker`` on its own thread and event loop, stopped through its ``stop`` event."""

    def __init__(self, settings: Any, model: Any) -> None:
        self.settings, self.model = settings, model
        self.rc: int | None = None
        self.error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._main, name="inproc-worker", daemon=True)
        self._thread.start()
        assert self._started.wait(30)

    def _main(self) -> None:
        from router_worker.app import run_worker

        async def main() -> int:
            self._loop = asyncio.get_running_loop()
            self._stop = asyncio.Event()
            self._started.set()
            return await run_worker(self.settings, self.model, self._stop)

        try:
            self.rc = asyncio.run(main())
        except BaseException as e:
            self.error = e
            self._started.set()

    def alive(self) -> bool:
        return self._thread.is_alive()

    def stop(self, timeout: float = 60) -> int | None:
        if self._loop is not None and self._stop is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout)
        if self.error is not None:
            raise self.error
        return self.rc


def _http_metric(port: int, name: str) -> float:
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
        body = r.read().decode()
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in body.splitlines()
        if line.startswith(name + "{") or line.startswith(name + " ")
    )


def test_slow_engine_no_rebalance_storm(
    kafka_bootstrap: str, topic_factory: Any, toy_model_dir: Path
) -> None:
    from router_worker.app import ServingModel, load_model
    from router_worker.settings import Settings

    topics = Topics.create(topic_factory, partitions=2)
    n, delay, max_poll_ms = 200, 2.5, 2000
    port = free_port()
    settings = Settings(
        bootstrap_servers=kafka_bootstrap,
        input_topic=topics.input,
        decisions_topic=topics.decisions,
        fallback_topic=topics.fallback,
        dead_letter_topic=topics.dead_letter,
        group_id="g-slow",
        transactional_id_prefix="g-slow",
        model_dir=toy_model_dir,
        metrics_host="127.0.0.1",
        metrics_port=port,
        session_timeout_ms=6000,
        heartbeat_interval_ms=500,
        # A naive poll -> process -> poll loop would miss this deadline on every batch.
        max_poll_interval_ms=max_poll_ms,
        transaction_timeout_ms=20000,
        max_batch_events=64,
        intra_op_threads=1,
        shutdown_deadline_s=20,
    )
    loaded = load_model(settings)
    slow = SlowEngine(loaded.engine, delay)
    model = ServingModel(loaded.card, slow, loaded.encoder, loaded.variant, loaded.providers)
    cap = _Capture()
    watched = [logging.getLogger("router_worker"), logging.getLogger("aiokafka")]
    old_levels = [lg.level for lg in watched]
    for lg in watched:
        lg.addHandler(cap)
        lg.setLevel(logging.INFO)
    try:
        produce(kafka_bootstrap, topics.input, EventStream("slow", 50).next(n))
        w = InProcessWorker(settings, model)
        rep = verify_topics(kafka_bootstrap, topics, timeout=150)
        assert w.alive(), w.error
        fenced = _http_metric(port, 'router_transactions_total{result="fenced"}')
        committed = _http_metric(port, 'router_transactions_total{result="committed"}')
        assert w.stop(timeout=60) == 0
    finally:
        for lg, lvl in zip(watched, old_levels, strict=True):
            lg.removeHandler(cap)
            lg.setLevel(lvl)
    text = "\n".join(cap.lines)
    assert_clean(rep, n, text)
    assert slow.calls >= 2 and slow.calls * delay > max_poll_ms / 1000
    assigned = [line for line in cap.lines if "partitions assigned" in line]
    revoked = [line for line in cap.lines if "partitions revoked" in line]
    assert len(assigned) == 1, text  # joined once; no rebalance while the engine was slow
    assert len(revoked) <= 1, text  # at most the final leave
    assert "CommitFailedError" not in text and "max_poll_interval" not in text.lower(), text
    assert fenced == 0
    record(
        "slow_engine",
        rep,
        model="toy",
        events=n,
        partitions=2,
        engine_delay_s=delay,
        max_poll_interval_ms=max_poll_ms,
        engine_calls=slow.calls,
        transactions_committed=committed,
        assignments=len(assigned),
        kills=0,
        restarts=0,
    )


# ------------------------------------------------------------------------------ 5. engine failure
def test_engine_failure_goes_to_fallback_and_worker_keeps_serving(
    kafka_bootstrap: str,
    topic_factory: Any,
    toy_model_dir: Path,
    tmp_path: Path,
    workers: list[WorkerProcess],
) -> None:
    topics = Topics.create(topic_factory, partitions=3)
    stream = EventStream("boom", 200, kaboom_every=50)
    n1, n2 = 1500, 500
    produce(kafka_bootstrap, topics.input, stream.next(n1))
    w = _start(
        workers, kafka_bootstrap, topics, toy_model_dir, "g-boom", tmp_path, max_batch_events=16
    )
    w.wait_ready(timeout=120)
    rep1 = verify_topics(kafka_bootstrap, topics, timeout=120, idle=1)
    assert_clean(rep1, n1, w.logs())
    kaboom = set(stream.kaboom_ids)
    assert len(kaboom) == n1 // 50
    # Every event of a failing batch is a model_unavailable fallback, kaboom ones included.
    from tests.kafka_helpers import read_committed

    col = read_committed(kafka_bootstrap, [topics.fallback], expected=rep1.fallbacks, settle=0.5)
    reasons = {}
    for r in col.by_topic[topics.fallback]:
        v = orjson.loads(r.value)
        reasons[v["event"]["event_id"]] = (v["fallback_reason"], v.get("detail", ""))
    assert kaboom <= set(reasons), sorted(kaboom - set(reasons))[:5]
    assert {reasons[e][0] for e in kaboom} == {"model_unavailable"}
    assert set(rep1.fallback_reasons) == {"model_unavailable"}
    assert w.metric("router_engine_errors_total") >= 1
    # The worker keeps serving: a second wave without kaboom is decided by the model.
    produce(kafka_bootstrap, topics.input, EventStream("boom2", 100).next(n2))
    rep = verify_topics(kafka_bootstrap, topics, timeout=120)
    assert_clean(rep, n1 + n2, w.logs())
    assert rep.decisions == rep1.decisions + n2, rep.summary()
    assert w.proc.poll() is None
    record(
        "engine_failure",
        rep,
        model="toy (fail_on_text=kaboom)",
        events=n1 + n2,
        kaboom_events=len(kaboom),
        engine_errors=w.metric("router_engine_errors_total"),
        model_unavailable_fallbacks=rep.fallback_reasons.get("model_unavailable", 0),
        kills=0,
        restarts=0,
    )


# ------------------------------------------------------------------ found by the churn scenario
async def test_revocation_while_batcher_waits_does_not_end_the_score_loop() -> None:
    """A revocation that discards every queued item during the batcher's max-wait window used
    to make ``next_batch`` return [] ("closed"), so the score loop ended and the member left
    the group with exit code 0 in the middle of a run (seen under rebalance churn)."""
    from router_worker.batcher import Batcher
    from router_worker.pipeline import Item, Source

    b = Batcher(max_events=10, max_tokens=10_000, max_wait_s=0.2)
    b.put_many([Item(Source("t", 0, 0), None, b"x", time.monotonic())])
    nxt = asyncio.create_task(b.next_batch())
    await asyncio.sleep(0.05)  # next_batch is waiting for the batch to fill
    assert b.discard(lambda it: False) == 1  # the partition was revoked
    await asyncio.sleep(0.3)  # past max_wait
    assert not nxt.done()  # still waiting, not "closed"
    b.put_many([Item(Source("t", 1, 5), None, b"y", time.monotonic())])
    batch = await asyncio.wait_for(nxt, 2)
    assert [it.source.offset for it in batch] == [5]
    b.close()
    assert await b.next_batch() == []
