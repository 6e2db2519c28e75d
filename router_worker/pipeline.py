"""The transport-agnostic steps every event goes through, in order.

``prepare`` (parse, validate, lay out, tokenize) and ``score`` (engine, policy) are plain
synchronous functions over lists of ``Item``s so that the Kafka worker can run them in
executor threads while the event loop keeps fetching and publishing, and ``replay``/``eval``
can call them directly. Each item ends with exactly one ``Output``: a decision, a fallback
request or a dead letter.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

import orjson

from router_worker.engine import Engine, EngineError
from router_worker.model_card import ModelCard
from router_worker.policy import LowConfidence, PolicyConfig, decide
from router_worker.records import (
    FallbackReason,
    ParseFailure,
    Partial,
    RoutingDecision,
    TurnEvent,
    dump_json,
    parse_turn,
)
from router_worker.settings import Settings, TenantThresholds
from router_worker.tokenize import Encoded, TextEncoder, pad_batch

log = logging.getLogger(__name__)

OutputKind = Literal["decision", "fallback", "dead_letter"]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Source:
    """Where an input record came from; the offsets to commit are derived from it."""

    topic: str
    partition: int
    offset: int


@dataclass(frozen=True, slots=True)
class Output:
    kind: OutputKind
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...] = ()
    # Kept for metrics and tests; not published separately.
    decision: RoutingDecision | None = None
    fallback_reason: FallbackReason | None = None
    error_type: str | None = None


@dataclass(slots=True)
class Item:
    """One input record on its way through the pipeline."""

    source: Source
    key: bytes | None
    raw: bytes | None
    received: float  # time.monotonic() when fetched
    timestamp_ms: int | None = None  # the Kafka record's timestamp
    epoch: int = 0  # the partition assignment it was fetched under (Kafka worker)
    event: TurnEvent | None = None
    failure: ParseFailure | None = None
    encoded: Encoded | None = None
    output: Output | None = None
    superseded_by: str | None = None
    scores: dict[str, object] = field(default_factory=dict)
    batched: float = 0.0  # time.monotonic() when handed to the batcher (Kafka worker)
    scored: float = 0.0  # time.monotonic() when its batch left the engine (Kafka worker)

    @property
    def needs_model(self) -> bool:
        return self.output is None and self.encoded is not None and not self.encoded.too_long

    @property
    def tokens(self) -> int:
        return self.encoded.n_tokens if self.needs_model and self.encoded else 0


@dataclass(frozen=True, slots=True)
class Topics:
    decisions: str
    fallback: str
    dead_letter: str


@dataclass(slots=True)
class BatchStats:
    """What one scored batch looked like, for metrics."""

    events: int = 0
    model_events: int = 0
    real_tokens: int = 0
    padded_tokens: int = 0
    engine_seconds: float = 0.0
    engine_calls: int = 0
    engine_errors: int = 0
    superseded: int = 0


def fallback_value(
    raw: bytes, reason: FallbackReason, partial: Partial, model_version: str, detail: str | None
) -> bytes:
    """A FallbackRequest whose ``event`` is the input's own bytes, unchanged."""
    head: dict[str, object] = {
        "schema_version": 1,
        "fallback_reason": reason,
        "partial": partial.model_dump(mode="json"),
        "model_version": model_version,
    }
    if detail:
        head["detail"] = detail
    body = orjson.dumps(head)
    return body[:-1] + b',"event":' + raw.strip() + b"}"


def dead_letter(item: Item, failure: ParseFailure) -> Output:
    message = failure.message if len(failure.message) <= 1000 else failure.message[:997] + "..."
    headers: tuple[tuple[str, bytes], ...] = (
        ("error.type", failure.error_type.encode()),
        ("error.message", message.encode("utf-8", "replace")),
        ("source.topic", item.source.topic.encode()),
        ("source.partition", str(item.source.partition).encode()),
        ("source.offset", str(item.source.offset).encode()),
    )
    value = item.raw
    if failure.error_type == "too_large" and value is not None:
        # A record over the size limit may be bigger than the dead-letter topic accepts
        # (max.message.bytes) and would then block its partition forever; its bytes stay
        # in the input topic at source.partition/source.offset.
        headers += (("error.original_bytes", str(len(value)).encode()),)
        value = None
    # A record with neither key nor value cannot be produced by the client library; an empty
    # key keeps it publishable while the value (None) stays what it was.
    key = item.key if item.key is not None or value is not None else b""
    return Output("dead_letter", key, value, headers, error_type=failure.error_type)


def length_groups(
    items: Sequence[T], length: Callable[[T], int], max_tokens: int, max_events: int
) -> list[list[T]]:
    """Sort by length, then cut so that no group's padded tokens (longest x count) exceed
    ``max_tokens`` and no group has more than ``max_events``; a lone longer item still gets
    its own group. The Kafka worker and the engine benchmark both batch with this."""
    ordered = sorted(items, key=length)
    groups: list[list[T]] = []
    cur: list[T] = []
    longest = 0
    for it in ordered:
        n = length(it)
        if cur and (max(n, longest) * (len(cur) + 1) > max_tokens or len(cur) >= max_events):
            groups.append(cur)
            cur = []
            longest = 0
        cur.append(it)
        longest = max(longest, n)
    if cur:
        groups.append(cur)
    return groups


class Processor:
    """Parse -> encode -> (batch) -> engine -> policy -> Output, for lists of items."""

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        encoder: TextEncoder,
        card: ModelCard,
        topics: Topics | None = None,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.encoder = encoder
        self.topics = topics or Topics(
            settings.decisions_topic, settings.fallback_topic, settings.dead_letter_topic
        )
        self.policy = PolicyConfig(
            min_confidence=settings.min_confidence
            if settings.min_confidence is not None
            else card.thresholds.min_confidence,
            citation_threshold=settings.citation_threshold
            if settings.citation_threshold is not None
            else card.thresholds.citation,
            never_offer_twice=settings.guardrail_never_offer_twice,
            first_message=settings.guardrail_first_message,
            first_message_other_signal=settings.first_message_other_signal,
        )
        self.tenants: dict[str, TenantThresholds] = settings.tenant_thresholds
        self.model_version = engine.model_version
        self.max_batch_tokens = settings.max_batch_tokens
        self.max_batch_events = settings.max_batch_events

    # -- step 1: bytes -> TurnEvent -> tokens ------------------------------------------------
    def prepare(self, items: Sequence[Item]) -> Sequence[Item]:
        """Parse and tokenize; invalid records become dead letters right here."""
        valid: list[Item] = []
        for it in items:
            parsed = parse_turn(it.raw, self.settings.max_record_bytes)
            if isinstance(parsed, ParseFailure):
                it.failure = parsed
                it.output = dead_letter(it, parsed)
            else:
                it.event = parsed
                valid.append(it)
        if valid:
            encoded = self.encoder.encode_batch([it.event for it in valid])  # type: ignore[misc]
            for it, enc in zip(valid, encoded, strict=True):
                it.encoded = enc
                if enc.too_long:
                    it.output = self._fallback(it, "too_long", Partial(), self._too_long_detail(it))
        return items

    def _too_long_detail(self, it: Item) -> str:
        assert it.event is not None
        n, most = len(it.event.guidelines), self.encoder.max_guidelines
        if n > most:
            return f"{n} guidelines, over the model's {most}"
        return f"guidelines and the last user message do not fit {self.encoder.max_length} tokens"

    # -- step 2: tokens -> scores -> decisions ------------------------------------------------
    def score(self, items: Sequence[Item], now: Callable[[], float] = time.monotonic) -> BatchStats:
        """Run the engine over every item that needs it, then the policy; fills ``output``."""
        stats = BatchStats(events=len(items))
        runners = self._newest_per_conversation(items, stats)
        for group in self._length_groups(runners):
            batch = pad_batch([it.encoded for it in group if it.encoded], self.encoder.pad_id)
            t0 = time.perf_counter()
            try:
                out = self.engine.run(batch)
            except EngineError as e:
                stats.engine_errors += 1
                log.warning("engine error; %d events to fallback: %s", len(group), e)
                for it in group:
                    it.output = self._fallback(it, "model_unavailable", Partial(), str(e)[:500])
                continue
            except Exception as e:  # a broken engine must not stop the worker
                stats.engine_errors += 1
                log.exception("unexpected engine failure")
                for it in group:
                    it.output = self._fallback(it, "model_unavailable", Partial(), repr(e)[:500])
                continue
            stats.engine_seconds += time.perf_counter() - t0
            stats.engine_calls += 1
            stats.model_events += len(group)
            stats.real_tokens += batch.real_tokens
            stats.padded_tokens += batch.padded_tokens
            # One conversion per batch: the policy works on plain floats.
            dec, rea, cit = (
                out.decision_probs.tolist(),
                out.reason_probs.tolist(),
                out.citation_probs.tolist(),
            )
            for row, it in enumerate(group):
                it.output = self._decide(it, dec[row], rea[row], cit[row], now())
        waiting = [it for it in items if it.output is None and it.superseded_by is not None]
        if waiting:
            # The first item with each event id, as a linear search would find it.
            by_id: dict[str, Item] = {}
            for x in items:
                if x.event is not None:
                    by_id.setdefault(x.event.event_id, x)
            for it in waiting:
                self._copy_superseded(it, by_id)
        return stats

    def _newest_per_conversation(self, items: Sequence[Item], stats: BatchStats) -> list[Item]:
        """Only the newest turn of each conversation in the batch needs the model."""
        newest: dict[str, Item] = {}
        for it in items:
            if not it.needs_model:
                continue
            assert it.event is not None
            cur = newest.get(it.event.conversation_id)
            if cur is None or (it.event.turn_index, it.source.offset) >= (
                cur.event.turn_index,  # type: ignore[union-attr]
                cur.source.offset,
            ):
                newest[it.event.conversation_id] = it
        runners = []
        for it in items:
            if not it.needs_model:
                continue
            winner = newest[it.event.conversation_id]  # type: ignore[union-attr]
            if winner is it:
                runners.append(it)
            else:
                it.superseded_by = winner.event.event_id  # type: ignore[union-attr]
                stats.superseded += 1
        return runners

    def _length_groups(self, items: list[Item]) -> list[list[Item]]:
        """Sort by length, then cut so that no group's padded tokens exceed the budget.

        The budget is ``max_batch_tokens``, or the engine's ``preferred_batch_tokens`` when
        that is smaller (ONNX Runtime on CPU runs small groups faster per token than large
        ones; the batcher's window still sorts over up to ``max_batch_events`` events).
        """
        budget = self.max_batch_tokens
        preferred = getattr(self.engine, "preferred_batch_tokens", None)
        if preferred:
            budget = min(budget, int(preferred))
        return length_groups(items, lambda it: it.tokens, budget, self.max_batch_events)

    def _decide(
        self, it: Item, dec: list[float], rea: list[float], cit: list[float], now: float
    ) -> Output:
        assert it.event is not None
        latency_ms = (now - it.received) * 1000
        tenant = self.tenants.get(it.event.tenant_id)
        # Every guideline's score, cited or not: evaluation needs them for citation AUC.
        it.scores["citations"] = {g.id: cit[i] for i, g in enumerate(it.event.guidelines)}
        result = decide(
            it.event,
            dec,
            rea,
            cit,
            self.policy,
            tenant,
            self.model_version,
            latency_ms,
        )
        if isinstance(result, LowConfidence):
            return self._fallback(
                it, "low_confidence", result.partial, f"confidence {result.confidence:.3f}"
            )
        return self._decision_output(result)

    def _decision_output(self, d: RoutingDecision) -> Output:
        return Output("decision", d.conversation_id.encode(), dump_json(d), decision=d)

    def _copy_superseded(self, it: Item, by_id: dict[str, Item]) -> None:
        """An older turn gets the newest turn's result, marked ``superseded_by``."""
        assert it.event is not None and it.superseded_by is not None
        w = by_id[it.superseded_by].output
        assert w is not None
        if w.kind == "decision" and w.decision is not None:
            d = w.decision.model_copy(
                update={
                    "event_id": it.event.event_id,
                    "turn_index": it.event.turn_index,
                    "superseded_by": it.superseded_by,
                }
            )
            it.output = self._decision_output(d)
        else:
            # The newer turn went to the fallback: the older one follows it there, itself.
            it.output = self._fallback(
                it,
                w.fallback_reason or "model_unavailable",
                Partial(),
                f"superseded by {it.superseded_by}",
            )

    def _fallback(
        self, it: Item, reason: FallbackReason, partial: Partial, detail: str | None
    ) -> Output:
        assert it.raw is not None and it.event is not None
        value = fallback_value(it.raw, reason, partial, self.model_version, detail)
        return Output("fallback", it.event.conversation_id.encode(), value, fallback_reason=reason)

    def topic_for(self, out: Output) -> str:
        if out.kind == "decision":
            return self.topics.decisions
        if out.kind == "fallback":
            return self.topics.fallback
        return self.topics.dead_letter
