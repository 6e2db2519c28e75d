"""One transactional producer per input partition, so that zombies are fenced.

aiokafka's ``send_offsets_to_transaction`` sends TxnOffsetCommit without the consumer
group's generation, so the broker cannot reject a commit from a member that lost its
partitions in a rebalance. Instead each input partition has its own transactional id,
``<prefix>.<topic>.<partition>``. Whoever is assigned the partition starts a producer with
that id; ``init_transactions`` bumps the producer epoch, which aborts any transaction the
previous owner left open and makes every later commit by the previous owner fail with
ProducerFenced. So at most one member can commit results and offsets for a partition, and
a partition's outputs and its consumed offsets always move together (Faust does the same).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.structs import TopicPartition

from router_worker.pipeline import Output

log = logging.getLogger(__name__)


def transactional_id(prefix: str, tp: TopicPartition) -> str:
    return f"{prefix}.{tp.topic}.{tp.partition}"


class PartitionProducer:
    """A transactional producer bound to one input partition."""

    def __init__(
        self, tp: TopicPartition, prefix: str, kafka_opts: dict[str, Any], timeout_ms: int
    ) -> None:
        self.tp = tp
        self.txn_id = transactional_id(prefix, tp)
        self._opts = kafka_opts
        self._timeout_ms = timeout_ms
        self.producer: AIOKafkaProducer | None = None
        # Held for a whole transaction; revocation waits on it.
        self.lock = asyncio.Lock()
        # Two producers with one transactional id fence each other, so starts are serialised.
        self._start_lock = asyncio.Lock()

    async def start(self) -> None:
        """Start the producer unless it is running; concurrent callers share one start."""
        async with self._start_lock:
            if self.producer is None:
                self.producer = await self._new_producer()

    async def _new_producer(self) -> AIOKafkaProducer:
        producer = AIOKafkaProducer(
            **self._opts,
            transactional_id=self.txn_id,
            enable_idempotence=True,
            acks="all",
            transaction_timeout_ms=self._timeout_ms,
            linger_ms=0,
            # A partition's next transaction often starts while the broker is still writing
            # the previous one's commit markers and is told CONCURRENT_TRANSACTIONS; the
            # client's default 100 ms retry backoff would then be most of the latency.
            retry_backoff_ms=10,
            request_timeout_ms=30_000,
            max_request_size=8 * 1024 * 1024,
        )
        try:
            await producer.start()  # InitProducerId: fences the previous owner
        except BaseException:
            with contextlib.suppress(Exception):
                await producer.stop()
            raise
        return producer

    async def stop(self) -> None:
        producer, self.producer = self.producer, None
        if producer is not None:
            # Stopping with a transaction open leaves it to be aborted by the next owner's
            # init or by the broker's transaction timeout; results are never half-visible.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(producer.stop(), 10)

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def publish(
        self, records: Sequence[tuple[str, Output]], next_offset: int, group_id: str
    ) -> None:
        """Outputs and the consumed offset in one transaction; raises if it did not commit."""
        producer = self.producer
        if producer is None:
            raise RuntimeError(f"producer for {self.tp} is not running")
        async with producer.transaction():
            futures = []
            for topic, out in records:
                fut = await producer.send(
                    topic,
                    value=out.value,
                    key=out.key,
                    headers=list(out.headers) or None,
                )
                futures.append(fut)
            await producer.send_offsets_to_transaction({self.tp: next_offset}, group_id)
            # Surface a failed send as an exception here, so the transaction aborts.
            await asyncio.gather(*futures)
