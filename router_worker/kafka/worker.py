"""The Kafka worker: fetch -> prepare -> batch -> engine -> publish in transactions.

Tasks run concurrently so that the engine is never idle waiting for Kafka and the consumer
never stops polling while the engine works:

* fetch: ``getmany`` in a loop (also while paused, so the group never sees a missed poll),
  tokenization in a thread pool, items into the batcher; pauses partitions when the number
  of events in flight reaches ``max_inflight_events`` and resumes below a fraction of it.
* score: takes batches from the batcher and runs engine + policy in one engine thread.
* publish: per input partition, one transaction holding that partition's results (in
  offset order) and its next offset (see ``producers.py`` for why per partition). Each
  partition has its own publisher task, so a slow commit on one partition never holds back
  another; results that arrive while a partition's transaction is in flight are committed
  together in its next one, so under load the number of transactions (each a few broker
  round trips) grows more slowly than the number of batches.

Every item carries the assignment epoch of its partition. A revoked partition's epoch is
dropped, so its queued and in-engine items are discarded at the next step, and revocation
waits for the partition's in-progress transaction before closing its producer. The
uncommitted records are fetched again by the next owner: nothing is lost, and nothing is
published twice because only committed transactions are visible to read_committed readers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener
from aiokafka.errors import KafkaError, ProducerFenced
from aiokafka.structs import TopicPartition

from router_worker.batcher import Batcher
from router_worker.kafka.producers import PartitionProducer
from router_worker.metrics import Metrics
from router_worker.pipeline import BatchStats, Item, Processor, Source
from router_worker.settings import Settings

log = logging.getLogger(__name__)

_BACKOFF_START_S = 0.2
_BACKOFF_MAX_S = 5.0


class _Listener(ConsumerRebalanceListener):
    def __init__(self, worker: Worker) -> None:
        self.worker = worker

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        await self.worker.on_revoked(set(revoked))

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        await self.worker.on_assigned(set(assigned))


class Worker:
    def __init__(self, settings: Settings, processor: Processor, metrics: Metrics) -> None:
        self.settings = settings
        self.processor = processor
        self.metrics = metrics
        self.batcher = Batcher(
            settings.max_batch_events, settings.max_batch_tokens, settings.max_wait_ms / 1000
        )
        self.consumer: AIOKafkaConsumer | None = None
        self.producers: dict[TopicPartition, PartitionProducer] = {}
        self.epochs: dict[TopicPartition, int] = {}
        self.committed: dict[TopicPartition, int] = {}
        self._epoch_seq = 0
        self.inflight = 0
        self.paused = False
        self.joined = False
        self.stopping = asyncio.Event()
        # Scored items waiting for their partition's next transaction, and the task that
        # commits them. ``max_inflight_events`` (consumer pause) is what bounds these lists.
        self._pending: dict[TopicPartition, list[Item]] = {}
        self._publishers: dict[TopicPartition, asyncio.Task[None]] = {}
        self._publish_failed: asyncio.Future[None] | None = None
        self._encode_pool = ThreadPoolExecutor(settings.encode_threads, thread_name_prefix="encode")
        self._engine_pool = ThreadPoolExecutor(1, thread_name_prefix="engine")

    # ------------------------------------------------------------------ lifecycle
    def ready(self) -> tuple[bool, str]:
        if not self.joined:
            return False, "not yet a member of the consumer group"
        not_ready = [
            str(tp) for tp, p in self.producers.items() if tp in self.epochs and p.producer is None
        ]
        if not_ready:
            return False, f"producers not ready for {not_ready}"
        if self.stopping.is_set():
            return False, "draining"
        return True, f"ready: {len(self.epochs)} partitions, model {self.processor.model_version}"

    async def run(self) -> None:
        """Run until ``stopping`` is set, then drain within the deadline and leave the group."""
        s = self.settings
        self.consumer = AIOKafkaConsumer(
            **s.kafka_common(),
            group_id=s.group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level="read_committed",
            session_timeout_ms=s.session_timeout_ms,
            heartbeat_interval_ms=s.heartbeat_interval_ms,
            max_poll_interval_ms=s.max_poll_interval_ms,
            max_partition_fetch_bytes=max(1_048_576, s.max_record_bytes + 1024),
            fetch_max_bytes=max(52_428_800, s.max_record_bytes + 1024),
        )
        self.consumer.subscribe([s.input_topic], listener=_Listener(self))
        await self.consumer.start()
        failed = self._publish_failed = asyncio.get_running_loop().create_future()
        tasks = [
            asyncio.create_task(self._fetch_loop(), name="fetch"),
            asyncio.create_task(self._score_loop(), name="score"),
        ]
        try:
            stop_wait = asyncio.create_task(self.stopping.wait())
            publish_failure = asyncio.create_task(_wait(failed), name="publish")
            done, _ = await asyncio.wait(
                [stop_wait, publish_failure, *tasks], return_when=asyncio.FIRST_COMPLETED
            )
            publish_failure.cancel()
            for t in done:
                if t is stop_wait:
                    continue
                exc = t.exception()
                if exc is not None:
                    raise exc
                # A task that returns on its own while not stopping is a bug, not a stop.
                raise RuntimeError(f"worker task {t.get_name()!r} ended unexpectedly")
            self.stopping.set()
            self.batcher.close()
            log.info("draining", extra={"inflight": self.inflight})
            try:
                await asyncio.wait_for(asyncio.gather(*tasks), s.shutdown_deadline_s)
            except TimeoutError:
                log.warning(
                    "drain deadline passed; unpublished events will be redelivered",
                    extra={"inflight": self.inflight},
                )
        finally:
            publishers = list(self._publishers.values())
            for t in [*tasks, *publishers]:
                t.cancel()
            await asyncio.gather(*tasks, *publishers, return_exceptions=True)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.consumer.stop(), 10)  # leaves the group
            await asyncio.gather(*(p.stop() for p in self.producers.values()))
            self.producers.clear()
            self._encode_pool.shutdown(wait=False, cancel_futures=True)
            self._engine_pool.shutdown(wait=False, cancel_futures=True)
            self.metrics.ready.set(0)
            log.info("stopped")

    # ------------------------------------------------------------------ rebalances
    async def on_assigned(self, assigned: set[TopicPartition]) -> None:
        for tp in assigned:
            self._epoch_seq += 1
            self.epochs[tp] = self._epoch_seq
            self.producers.setdefault(
                tp,
                PartitionProducer(
                    tp,
                    self.settings.transactional_id_prefix,
                    self.settings.kafka_common(),
                    self.settings.transaction_timeout_ms,
                ),
            )
        self.paused = False
        self.metrics.paused.set(0)
        results = await asyncio.gather(
            *(
                p.start()
                for tp, p in self.producers.items()
                if tp in assigned and p.producer is None
            ),
            return_exceptions=True,
        )
        for r in results:
            if isinstance(r, BaseException):
                # The publish path retries; readiness reports the missing producer meanwhile.
                log.warning("producer start failed: %r", r)
        self.joined = True
        self.metrics.partitions.set(len(self.epochs))
        self.metrics.ready.set(1 if self.ready()[0] else 0)
        log.info("partitions assigned", extra={"partitions": sorted(str(t) for t in assigned)})

    async def on_revoked(self, revoked: set[TopicPartition]) -> None:
        for tp in revoked:
            self.epochs.pop(tp, None)
            self.committed.pop(tp, None)
            self._release(len(self._pending.pop(tp, ())))
            with contextlib.suppress(Exception):
                self.metrics.consumer_lag.remove(tp.topic, str(tp.partition))
        self._release(self.batcher.discard(self._valid))
        deadline = self.settings.shutdown_deadline_s
        for tp in revoked:
            pp = self.producers.pop(tp, None)
            if pp is None:
                continue
            try:
                # Wait for the partition's in-progress transaction to commit or abort.
                await asyncio.wait_for(pp.lock.acquire(), deadline)
                pp.lock.release()
            except TimeoutError:
                log.warning("revoke: transaction of %s still running; fencing will stop it", tp)
            await pp.stop()
        self.metrics.partitions.set(len(self.epochs))
        log.info("partitions revoked", extra={"partitions": sorted(str(t) for t in revoked)})

    def _valid(self, it: Item) -> bool:
        tp = TopicPartition(it.source.topic, it.source.partition)
        return self.epochs.get(tp) == it.epoch

    def _release(self, n: int) -> None:
        if n:
            self.inflight -= n
            self.metrics.queue_depth.set(self.inflight)
            self._backpressure()

    def _backpressure(self) -> None:
        consumer = self.consumer
        if consumer is None:
            return
        limit = self.settings.max_inflight_events
        if not self.paused and self.inflight >= limit:
            consumer.pause(*consumer.assignment())
            self.paused = True
            self.metrics.paused.set(1)
        elif self.paused and self.inflight <= limit * self.settings.resume_fraction:
            consumer.resume(*consumer.assignment())
            self.paused = False
            self.metrics.paused.set(0)

    # ------------------------------------------------------------------ fetch
    async def _fetch_loop(self) -> None:
        assert self.consumer is not None
        loop = asyncio.get_running_loop()
        backoff = _BACKOFF_START_S
        while not self.stopping.is_set():
            try:
                data = await self.consumer.getmany(
                    timeout_ms=100, max_records=self.settings.fetch_max_records
                )
                backoff = _BACKOFF_START_S
            except KafkaError as e:
                log.warning("fetch failed: %r", e)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, _BACKOFF_MAX_S)
                continue
            for tp, records in data.items():
                epoch = self.epochs.get(tp)
                if epoch is None or not records:
                    continue
                now = time.monotonic()
                items = [
                    Item(
                        Source(tp.topic, tp.partition, r.offset),
                        r.key,
                        r.value,
                        now,
                        r.timestamp,
                        epoch,
                    )
                    for r in records
                ]
                self.metrics.events_in.labels(tp.topic).inc(len(items))
                self.inflight += len(items)
                self.metrics.queue_depth.set(self.inflight)
                await loop.run_in_executor(self._encode_pool, self.processor.prepare, items)
                if self.epochs.get(tp) != epoch:
                    self._release(len(items))  # revoked while tokenizing
                    continue
                batched = time.monotonic()
                self.metrics.stage_latency.labels("prepare").observe(batched - now)
                for it in items:
                    it.batched = batched
                self.batcher.put_many(items)
            self._backpressure()
            self._update_lag()

    def _update_lag(self) -> None:
        assert self.consumer is not None
        for tp in list(self.epochs):
            end = self.consumer.last_stable_offset(tp)
            if end is None:
                end = self.consumer.highwater(tp)
            done = self.committed.get(tp)
            if end is not None and done is not None:
                self.metrics.consumer_lag.labels(tp.topic, str(tp.partition)).set(
                    max(0, end - done)
                )

    # ------------------------------------------------------------------ score
    async def _score_loop(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while True:
                batch = await self.batcher.next_batch()
                if not batch:
                    return
                live = [it for it in batch if self._valid(it)]
                self._release(len(batch) - len(live))
                if not live:
                    continue
                start = time.monotonic()
                self.metrics.stage_latency.labels("batch_wait").observe(
                    start - min(it.batched for it in live)
                )
                stats = await loop.run_in_executor(self._engine_pool, self.processor.score, live)
                scored = time.monotonic()
                self.metrics.stage_latency.labels("score").observe(scored - start)
                for it in live:
                    it.scored = scored
                self._observe(stats)
                self._hand_to_publishers(live)
        finally:
            # Draining: whatever was scored is committed before the worker leaves.
            await asyncio.gather(*self._publishers.values(), return_exceptions=True)

    def _observe(self, stats: BatchStats) -> None:
        m = self.metrics
        if stats.engine_calls:
            m.batch_size.observe(stats.model_events / stats.engine_calls)
            m.batch_tokens.observe(stats.padded_tokens / stats.engine_calls)
            m.engine_latency.observe(stats.engine_seconds / stats.engine_calls)
            m.tokens_real.inc(stats.real_tokens)
            m.tokens_padded.inc(stats.padded_tokens)
        if stats.engine_errors:
            m.engine_errors.inc(stats.engine_errors)
        if stats.superseded:
            m.superseded.inc(stats.superseded)

    # ------------------------------------------------------------------ publish
    def _hand_to_publishers(self, items: list[Item]) -> None:
        touched: set[TopicPartition] = set()
        for it in items:
            tp = TopicPartition(it.source.topic, it.source.partition)
            self._pending.setdefault(tp, []).append(it)
            touched.add(tp)
        for tp in touched:
            task = self._publishers.get(tp)
            if task is None or task.done():
                task = asyncio.create_task(self._publish_pending(tp), name=f"publish {tp}")
                task.add_done_callback(self._publisher_done)
                self._publishers[tp] = task

    def _publisher_done(self, task: asyncio.Task[None]) -> None:
        if task.cancelled():
            return
        exc = task.exception()
        if exc is None:
            return
        # Logged here too: while draining, nobody waits on the failure future any more.
        log.error("publisher %s failed", task.get_name(), exc_info=exc)
        if self._publish_failed is not None and not self._publish_failed.done():
            self._publish_failed.set_exception(exc)

    async def _publish_pending(self, tp: TopicPartition) -> None:
        """Commit this partition's scored items until none are left, all pending at once."""
        while True:
            # No await between this pop and the return below, so an item handed over while
            # this task is committing is always picked up by the next iteration.
            items = self._pending.pop(tp, None)
            if not items:
                return
            pp = self.producers.get(tp)
            if pp is None:
                self._release(len(items))
                continue
            started = min(it.scored for it in items)
            async with pp.lock:
                try:
                    await self._commit_with_retry(tp, pp, items)
                finally:
                    self._release(len(items))
            self.metrics.stage_latency.labels("publish").observe(time.monotonic() - started)

    async def _commit_with_retry(
        self, tp: TopicPartition, pp: PartitionProducer, items: list[Item]
    ) -> None:
        items = [it for it in items if self._valid(it)]
        if not items:
            return
        items.sort(key=lambda it: it.source.offset)
        records = [(self.processor.topic_for(it.output), it.output) for it in items if it.output]
        next_offset = items[-1].source.offset + 1
        backoff = _BACKOFF_START_S
        deadline: float | None = None
        while True:
            if not self._valid(items[0]):
                return  # revoked while retrying: the next owner takes over
            try:
                if pp.producer is None:
                    await pp.start()
                await pp.publish(records, next_offset, self.settings.group_id)
                self.metrics.transactions.labels("committed").inc()
                self._published(tp, items, next_offset)
                return
            except ProducerFenced:
                self.metrics.transactions.labels("fenced").inc()
                log.warning("fenced on %s: another member owns it now; dropping its batch", tp)
                self.epochs.pop(tp, None)
                await pp.stop()
                return
            except (KafkaError, OSError, RuntimeError, TimeoutError) as e:
                self.metrics.transactions.labels("aborted").inc()
                log.warning("transaction on %s failed: %r; retrying", tp, e)
            # Did the failed attempt commit after all (e.g. the reply was lost)? Restarting
            # the producer fences and completes any pending transaction first, so the group's
            # committed offset is then final for this batch.
            with contextlib.suppress(Exception):
                await pp.restart()
                committed = await self.consumer.committed(tp)  # type: ignore[union-attr]
                if committed is not None and committed >= next_offset:
                    self._published(tp, items, next_offset)
                    return
            if self.stopping.is_set():
                deadline = deadline or time.monotonic() + self.settings.shutdown_deadline_s / 2
                if time.monotonic() > deadline:
                    log.warning("giving up on %s while stopping; it will be redelivered", tp)
                    return
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, _BACKOFF_MAX_S)

    def _published(self, tp: TopicPartition, items: list[Item], next_offset: int) -> None:
        self.committed[tp] = next_offset
        m = self.metrics
        now_wall = time.time()
        now = time.monotonic()
        # Counted per label set, then one increment each: label lookups cost more than adds.
        decisions: Counter[tuple[str, str, str, str]] = Counter()
        fallbacks: Counter[str] = Counter()
        dead: Counter[str] = Counter()
        for it in items:
            out = it.output
            assert out is not None
            if out.kind == "decision" and out.decision is not None:
                d = out.decision
                decisions[(d.decision, d.reason, d.tenant_id, d.decided_by)] += 1
            elif out.kind == "fallback":
                fallbacks[out.fallback_reason or "unknown"] += 1
            else:
                dead[out.error_type or "unknown"] += 1
            m.processing_latency.observe(now - it.received)
            if it.event is not None:
                m.e2e_latency.observe(max(0.0, now_wall - it.event.sent_at.timestamp()))
        for labels, n in decisions.items():
            m.decisions.labels(*labels).inc(n)
        for reason, n in fallbacks.items():
            m.fallbacks.labels(reason).inc(n)
        for error_type, n in dead.items():
            m.dead_letters.labels(error_type).inc(n)


async def _wait(future: asyncio.Future[None]) -> None:
    await future


def kafka_settings_summary(settings: Settings) -> dict[str, Any]:
    return {
        "bootstrap_servers": settings.bootstrap_servers,
        "input_topic": settings.input_topic,
        "group_id": settings.group_id,
        "security_protocol": settings.security_protocol,
    }
