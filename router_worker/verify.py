"""Check a run end to end: every input has exactly one result, in order, none from aborts.

The checker reads what a run left in Kafka, the way Kafka's transaction system tests and
Jepsen's queue checkers do, and can be pointed at any deployment:

* the input topic, read_committed (what the worker itself can see);
* the three output topics, read_uncommitted first and then read_committed. A record that
  only the uncommitted view holds was written by a transaction that aborted (or, above the
  last stable offset, one still open): those are counted, and the committed view must
  contain none of them.

``check`` is the pure core: it takes compact input and output records and returns a
``Report``. ``collect`` reads them from Kafka (optionally waiting until the run settles) and
calls ``check``; ``router-worker verify`` is its CLI, with the connection settings of
``router-worker run`` (flags or ``ROUTER_*``; the SASL password only as
``ROUTER_SASL_PASSWORD``)::

    router-worker verify --bootstrap-servers kafka:9092 --timeout 300   # after a drill: wait
    router-worker verify --group escalation-router --json               # a live deployment

Exit status: 0 ok, 1 any loss, duplicate, order violation or aborted record visible to
read_committed (``--strict``: also results for unknown inputs), 2 the run could not be read.
The checker holds one small record per input and output in memory.

Identity: an input is its (partition, offset) and, when its value is a JSON object with a
string ``event_id``, that id. A decision names its input by ``event_id``, a fallback by
``event.event_id``, a dead letter by its ``source.topic``/``source.partition``/
``source.offset`` headers. Decisions with ``decided_by: "llm"`` are the LLM fallback
service's answers to fallback requests, not the worker's results; they are counted apart.

Order: within one output topic-partition, the results of one conversation must appear in
the order of their inputs' offsets (inputs of one conversation share a partition because the
key is the conversation id). Only the first result of each input takes part, so a duplicate
is reported once, as a duplicate.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import orjson

OutputKind = Literal["decision", "fallback", "dead_letter"]
_SAMPLES = 10


@dataclass(frozen=True, slots=True)
class InputRecord:
    """One record of the input topic, reduced to what the checker needs."""

    partition: int
    offset: int
    event_id: str | None = None  # None: not a JSON object with a string event_id
    conversation_id: str | None = None
    turn_index: int | None = None

    @property
    def ref(self) -> str:
        return f"{self.partition}:{self.offset}" + (f" {self.event_id}" if self.event_id else "")


@dataclass(frozen=True, slots=True)
class OutputRecord:
    """One record of an output topic, reduced to what the checker needs."""

    kind: OutputKind
    topic: str
    partition: int
    offset: int
    event_id: str | None = None  # decisions and fallbacks
    conversation_id: str | None = None
    source_topic: str | None = None  # dead letters
    source_partition: int | None = None
    source_offset: int | None = None
    fallback_reason: str | None = None
    error_type: str | None = None  # dead letters: the error.type header
    decided_by: str | None = None
    malformed: str | None = None  # why the record could not be read, if it could not

    @property
    def position(self) -> tuple[str, int, int]:
        return (self.topic, self.partition, self.offset)

    @property
    def ref(self) -> str:
        name = self.event_id or (
            f"dlq {self.source_partition}:{self.source_offset}"
            if self.kind == "dead_letter"
            else ""
        )
        return f"{self.topic}[{self.partition}]@{self.offset} {name}".rstrip()


@dataclass
class Report:
    """The checker's figures for one run; ``ok`` is what the exit code reports."""

    inputs: int = 0
    decisions: int = 0
    fallbacks: int = 0
    fallback_reasons: dict[str, int] = field(default_factory=dict)
    dead_letters: int = 0
    dead_letter_types: dict[str, int] = field(default_factory=dict)
    llm_decisions: int = 0  # decided_by "llm": answers to fallbacks, not worker results
    pending: int = 0  # inputs at/after the group's committed offset (live check only)
    lost: int = 0  # inputs with no result
    duplicated: int = 0  # inputs with more than one result
    extra_results: int = 0  # results beyond the first, over all duplicated inputs
    unknown: int = 0  # results naming no input (or unreadable output records)
    order_violations: int = 0
    aborted_records: int = 0  # output records only read_uncommitted sees (informational)
    open_transaction_records: int = 0  # ... of those, above the last stable offset
    aborted_seen_by_read_committed: int = 0  # must be 0
    samples: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (
            self.lost
            or self.duplicated
            or self.order_violations
            or self.aborted_seen_by_read_committed
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"ok": self.ok}

    def summary(self) -> str:
        lines = [
            f"inputs                  {self.inputs}",
            f"decisions               {self.decisions}",
            f"fallbacks               {self.fallbacks} {_fmt_counts(self.fallback_reasons)}",
            f"dead letters            {self.dead_letters} {_fmt_counts(self.dead_letter_types)}",
            f"llm decisions (ignored) {self.llm_decisions}",
            f"pending                 {self.pending}",
            f"lost                    {self.lost}",
            f"duplicated              {self.duplicated} (+{self.extra_results} results)",
            f"unknown results         {self.unknown}",
            f"order violations        {self.order_violations}",
            f"aborted records         {self.aborted_records}"
            f" ({self.open_transaction_records} in open transactions)",
            f"aborted seen (committed) {self.aborted_seen_by_read_committed}",
        ]
        for name, items in self.samples.items():
            if items:
                lines.append(f"{name}: " + ", ".join(items))
        lines.append("OK" if self.ok else "FAILED")
        return "\n".join(lines)


def _fmt_counts(counts: dict[str, int]) -> str:
    return "(" + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + ")" if counts else ""


def _sample(bucket: list[str], text: str) -> None:
    if len(bucket) < _SAMPLES:
        bucket.append(text)


# ------------------------------------------------------------------------------ the pure core
def check(
    inputs: Iterable[InputRecord],
    outputs: Iterable[OutputRecord],
    *,
    input_topic: str | None = None,
    aborted: Iterable[OutputRecord] = (),
    open_transactions: int = 0,
    pending_from: dict[int, int] | None = None,
) -> Report:
    """Match results to inputs and count what is wrong. Pure: no I/O, no clock.

    ``outputs`` is the read_committed view of the output topics; ``aborted`` the records that
    only the read_uncommitted view holds. ``pending_from``: per input partition, the first
    offset not yet committed by the worker's group; inputs from there on are ``pending``
    rather than lost or duplicated (a run still in progress).
    """
    rep = Report()
    lost_s: list[str] = []
    dup_s: list[str] = []
    unknown_s: list[str] = []
    order_s: list[str] = []
    aborted_s: list[str] = []

    ins = sorted(inputs, key=lambda r: (r.partition, r.offset))
    rep.inputs = len(ins)
    by_pos: dict[tuple[int, int], InputRecord] = {(r.partition, r.offset): r for r in ins}
    by_event: dict[str, list[InputRecord]] = defaultdict(list)
    for r in ins:
        if r.event_id is not None:
            by_event[r.event_id].append(r)

    outs = sorted(outputs, key=lambda o: o.position)
    # Aborted records must not be in the committed view.
    aborted_list = list(aborted)
    rep.aborted_records = len(aborted_list)
    rep.open_transaction_records = open_transactions
    aborted_pos = {a.position for a in aborted_list}
    for o in outs:
        if o.position in aborted_pos:
            rep.aborted_seen_by_read_committed += 1
            _sample(aborted_s, o.ref)

    dl_for: dict[tuple[int, int], list[OutputRecord]] = defaultdict(list)
    results_for_event: dict[str, list[OutputRecord]] = defaultdict(list)
    fb_reasons: Counter[str] = Counter()
    dl_types: Counter[str] = Counter()
    for o in outs:
        if o.malformed is not None:
            rep.unknown += 1
            _sample(unknown_s, f"{o.ref} ({o.malformed})")
            continue
        if o.kind == "decision":
            if o.decided_by == "llm":
                rep.llm_decisions += 1
                continue
            rep.decisions += 1
        elif o.kind == "fallback":
            rep.fallbacks += 1
            fb_reasons[o.fallback_reason or "?"] += 1
        else:
            rep.dead_letters += 1
            dl_types[o.error_type or "?"] += 1
        if o.kind == "dead_letter":
            pos = (o.source_partition, o.source_offset)
            known = (
                (input_topic is None or o.source_topic == input_topic)
                and pos[0] is not None
                and pos[1] is not None
                and pos in by_pos
            )
            if known:
                dl_for[pos].append(o)  # type: ignore[index]
            else:
                rep.unknown += 1
                _sample(unknown_s, o.ref)
        elif o.event_id is not None and o.event_id in by_event:
            results_for_event[o.event_id].append(o)
        else:
            rep.unknown += 1
            _sample(unknown_s, o.ref)
    rep.fallback_reasons = dict(fb_reasons)
    rep.dead_letter_types = dict(dl_types)

    # Every input's results: its dead letters, plus its share of its event id's results.
    results: dict[tuple[int, int], list[OutputRecord]] = {
        (r.partition, r.offset): list(dl_for.get((r.partition, r.offset), ())) for r in ins
    }
    for eid, rs in results_for_event.items():
        group = by_event[eid]  # offset order
        targets = [r for r in group if not dl_for.get((r.partition, r.offset))] or group
        for o in rs:  # output position order
            empty = next((t for t in targets if not results[(t.partition, t.offset)]), None)
            t = empty if empty is not None else targets[-1]
            results[(t.partition, t.offset)].append(o)

    first_result: dict[tuple[str, int, int], InputRecord] = {}
    for r in ins:
        got = results[(r.partition, r.offset)]
        if pending_from is not None and r.offset >= pending_from.get(r.partition, 0):
            rep.pending += 1
            continue
        if not got:
            rep.lost += 1
            _sample(lost_s, r.ref)
            continue
        if len(got) > 1:
            rep.duplicated += 1
            rep.extra_results += len(got) - 1
            _sample(dup_s, f"{r.ref} x{len(got)}")
        first = min(got, key=lambda o: o.position)
        first_result[first.position] = r

    # Order: per output topic-partition, per (conversation, input partition), input offsets
    # of first results must grow.
    last: dict[tuple[str, int, str, int], int] = {}
    for o in outs:
        src = first_result.get(o.position)
        if src is None or o.kind == "dead_letter":
            continue
        conv = o.conversation_id or src.conversation_id
        if conv is None:
            continue
        k = (o.topic, o.partition, conv, src.partition)
        prev = last.get(k)
        if prev is not None and src.offset < prev:
            rep.order_violations += 1
            _sample(
                order_s, f"{conv}: input {src.partition}:{src.offset} after {src.partition}:{prev}"
            )
        else:
            last[k] = src.offset

    rep.samples = {
        "lost": lost_s,
        "duplicated": dup_s,
        "unknown": unknown_s,
        "order_violations": order_s,
        "aborted_seen_by_read_committed": aborted_s,
    }
    return rep


# ------------------------------------------------------------------------------ record decoding
def input_record(partition: int, offset: int, value: bytes | None) -> InputRecord:
    """Reduce an input record; never raises (hostile inputs are expected)."""
    if value is None:
        return InputRecord(partition, offset)
    try:
        data = orjson.loads(value)
    except orjson.JSONDecodeError:
        return InputRecord(partition, offset)
    if not isinstance(data, dict) or not isinstance(data.get("event_id"), str):
        return InputRecord(partition, offset)
    conv = data.get("conversation_id")
    turn = data.get("turn_index")
    return InputRecord(
        partition,
        offset,
        data["event_id"],
        conv if isinstance(conv, str) else None,
        turn if isinstance(turn, int) and not isinstance(turn, bool) else None,
    )


def output_record(
    kind: OutputKind,
    topic: str,
    partition: int,
    offset: int,
    value: bytes | None,
    headers: Sequence[tuple[str, bytes]] = (),
) -> OutputRecord:
    """Reduce an output record; an unreadable one comes back with ``malformed`` set."""
    if kind == "dead_letter":
        h = {k: v for k, v in headers}
        try:
            return OutputRecord(
                kind,
                topic,
                partition,
                offset,
                source_topic=h["source.topic"].decode(),
                source_partition=int(h["source.partition"]),
                source_offset=int(h["source.offset"]),
                error_type=h.get("error.type", b"?").decode("utf-8", "replace"),
            )
        except (KeyError, ValueError, UnicodeDecodeError) as e:
            return OutputRecord(kind, topic, partition, offset, malformed=f"bad headers: {e!r}")
    try:
        data = orjson.loads(value) if value is not None else None
        if kind == "fallback":
            ev = data["event"]  # type: ignore[index]
            return OutputRecord(
                kind,
                topic,
                partition,
                offset,
                event_id=str(ev["event_id"]),
                conversation_id=ev.get("conversation_id"),
                fallback_reason=data.get("fallback_reason"),  # type: ignore[union-attr]
            )
        return OutputRecord(
            kind,
            topic,
            partition,
            offset,
            event_id=str(data["event_id"]),  # type: ignore[index]
            conversation_id=data.get("conversation_id"),  # type: ignore[union-attr]
            decided_by=data.get("decided_by"),  # type: ignore[union-attr]
        )
    except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError) as e:
        return OutputRecord(kind, topic, partition, offset, malformed=f"unreadable: {e!r}")


# ------------------------------------------------------------------------------ Kafka reading
@dataclass(frozen=True)
class VerifyTopics:
    input: str
    decisions: str
    fallback: str
    dead_letter: str

    def kinds(self) -> dict[str, OutputKind]:
        return {
            self.decisions: "decision",
            self.fallback: "fallback",
            self.dead_letter: "dead_letter",
        }


class _Reader:
    """A group-less consumer over every partition of some topics, read up to their end."""

    def __init__(self, kafka_opts: dict[str, Any], topics: Sequence[str], isolation: str) -> None:
        from aiokafka import AIOKafkaConsumer

        self.topics = list(topics)
        self.consumer = AIOKafkaConsumer(
            **kafka_opts,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level=isolation,
            max_partition_fetch_bytes=16 * 1024 * 1024,
            fetch_max_bytes=64 * 1024 * 1024,
        )
        self.ends: dict[Any, int] = {}

    async def start(self, timeout: float) -> None:
        from aiokafka.structs import TopicPartition

        await asyncio.wait_for(self.consumer.start(), timeout)
        tps = []
        # A missing topic is an error soon, not after the whole read timeout.
        deadline = time.monotonic() + min(timeout, 10.0)
        for t in self.topics:
            while True:
                parts = self.consumer.partitions_for_topic(t)
                if parts:
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"topic {t!r} does not exist (no partitions in metadata)")
                await asyncio.sleep(0.2)
                # Track the topic in the client's metadata (aiokafka has no public call for a
                # group-less consumer that assigns partitions itself).
                await self.consumer._client.add_topic(t)
                await self.consumer._client.force_metadata_update()
            tps += [TopicPartition(t, p) for p in sorted(parts)]
        self.consumer.assign(tps)
        await self.consumer.seek_to_beginning(*tps)

    async def catch_up(self, timeout: float) -> list[Any]:
        """Every record from the current positions to the end offsets as of now."""
        c = self.consumer
        tps = sorted(c.assignment())
        self.ends = await c.end_offsets(tps)  # the LSO under read_committed
        out: list[Any] = []
        deadline = time.monotonic() + timeout
        while True:
            behind = [tp for tp in tps if await c.position(tp) < self.ends[tp]]
            if not behind:
                return out
            if time.monotonic() > deadline:
                raise TimeoutError(f"could not read {len(behind)} partitions to their end")
            for recs in (await c.getmany(*behind, timeout_ms=500)).values():
                out.extend(recs)

    async def stop(self) -> None:
        with contextlib.suppress(Exception):
            await self.consumer.stop()


@dataclass
class Collected:
    inputs: list[InputRecord] = field(default_factory=list)
    committed: list[OutputRecord] = field(default_factory=list)
    uncommitted: dict[tuple[str, int, int], OutputRecord] = field(default_factory=dict)
    committed_ends: dict[tuple[str, int], int] = field(default_factory=dict)

    def aborted(self) -> tuple[list[OutputRecord], int]:
        """Records only read_uncommitted saw, and how many of them lie above the LSO."""
        seen = {o.position for o in self.committed}
        aborted: list[OutputRecord] = []
        open_ = 0
        for pos, o in self.uncommitted.items():
            if pos in seen:
                continue
            if pos[2] >= self.committed_ends.get((pos[0], pos[1]), 0):
                open_ += 1
            aborted.append(o)
        return aborted, open_


async def _group_offsets(
    kafka_opts: dict[str, Any], group: str, topic: str, timeout: float = 30.0
) -> dict[int, int]:
    """The group's committed offsets on ``topic`` (none: nothing committed yet)."""
    from aiokafka.admin import AIOKafkaAdminClient
    from aiokafka.errors import CoordinatorNotAvailableError, NotCoordinatorError

    admin = AIOKafkaAdminClient(**kafka_opts)
    await admin.start()
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                offsets = await admin.list_consumer_group_offsets(group)
                break
            except (CoordinatorNotAvailableError, NotCoordinatorError):
                # The offsets topic is being created or loaded (a fresh cluster).
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.5)
    finally:
        await admin.close()
    return {tp.partition: om.offset for tp, om in offsets.items() if tp.topic == topic}


async def collect(
    kafka_opts: dict[str, Any],
    topics: VerifyTopics,
    *,
    timeout: float = 0.0,
    idle: float = 2.0,
    group: str | None = None,
    read_timeout: float = 120.0,
) -> Report:
    """Read the run from Kafka and check it.

    ``timeout`` 0: one pass over what is there now. Otherwise keep reading new output until
    every input has a result and nothing new arrived for ``idle`` seconds (late duplicates
    would show up in that window), or until ``timeout`` seconds passed; then report.
    ``group``: inputs at or after the group's committed offsets count as pending (a live
    deployment), not lost.
    """
    kinds = topics.kinds()
    readers = {
        "input": _Reader(kafka_opts, [topics.input], "read_committed"),
        "uncommitted": _Reader(kafka_opts, list(kinds), "read_uncommitted"),
        "committed": _Reader(kafka_opts, list(kinds), "read_committed"),
    }
    col = Collected()

    def out_rec(r: Any) -> OutputRecord:
        return output_record(kinds[r.topic], r.topic, r.partition, r.offset, r.value, r.headers)

    async def one_pass() -> int:
        new = 0
        for r in await readers["input"].catch_up(read_timeout):
            col.inputs.append(input_record(r.partition, r.offset, r.value))
            new += 1
        # Uncommitted first: a transaction committing in between then shows up in both views.
        for r in await readers["uncommitted"].catch_up(read_timeout):
            col.uncommitted[(r.topic, r.partition, r.offset)] = out_rec(r)
            new += 1
        for r in await readers["committed"].catch_up(read_timeout):
            col.committed.append(out_rec(r))
            new += 1
        col.committed_ends = {
            (tp.topic, tp.partition): end for tp, end in readers["committed"].ends.items()
        }
        return new

    def report() -> Report:
        aborted, open_ = col.aborted()
        return check(
            col.inputs,
            col.committed,
            input_topic=topics.input,
            aborted=aborted,
            open_transactions=open_,
            pending_from=pending,
        )

    pending: dict[int, int] | None = None
    try:
        for r in readers.values():
            await r.start(read_timeout)
        if group is not None:
            pending = await _group_offsets(kafka_opts, group, topics.input)
        await one_pass()
        rep = report()
        deadline = time.monotonic() + timeout
        quiet_since = time.monotonic()
        while timeout > 0 and time.monotonic() < deadline:
            settled = rep.lost == 0 and rep.open_transaction_records == 0
            if settled and time.monotonic() - quiet_since >= idle:
                break
            await asyncio.sleep(min(0.5, idle))
            if group is not None:
                pending = await _group_offsets(kafka_opts, group, topics.input)
            if await one_pass():
                quiet_since = time.monotonic()
            rep = report()
        return rep
    finally:
        await asyncio.gather(*(r.stop() for r in readers.values()))


def verify(settings: Any, **kw: Any) -> Report:
    """``collect`` with a worker ``Settings`` (connection, security and topic names)."""
    topics = VerifyTopics(
        settings.input_topic,
        settings.decisions_topic,
        settings.fallback_topic,
        settings.dead_letter_topic,
    )
    return asyncio.run(collect(settings.kafka_common(), topics, **kw))
