"""The broker the tests run against supports what the worker relies on (aiokafka 0.14).

Transactions (consume -> produce -> send_offsets_to_transaction -> commit), read_committed
isolation of aborted transactions, producer fencing by transactional_id, and classic
consumer-group rebalancing / offset commits between two aiokafka consumers.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Callable

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError, ProducerFenced

pytestmark = pytest.mark.kafka

TEST_TIMEOUT_S = 20


def _uid(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


async def _read(
    bootstrap: str,
    topic: str,
    *,
    expected: int,
    isolation_level: str = "read_committed",
    settle_ms: int = 1000,
    timeout_s: float = 10.0,
) -> list[ConsumerRecord]:
    """Read `topic` from the beginning (no group) until `expected` records arrived, then keep
    polling for `settle_ms` more so that extra (e.g. aborted) records would show up too."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        isolation_level=isolation_level,
    )
    await consumer.start()
    records: list[ConsumerRecord] = []
    try:
        deadline = time.monotonic() + timeout_s
        while len(records) < expected and time.monotonic() < deadline:
            for batch in (await consumer.getmany(timeout_ms=500)).values():
                records.extend(batch)
        for batch in (await consumer.getmany(timeout_ms=settle_ms)).values():
            records.extend(batch)
    finally:
        await consumer.stop()
    return records


async def test_transactional_consume_produce_commit(
    kafka_bootstrap: str, topic_factory: Callable[..., str]
) -> None:
    src = topic_factory(2, prefix="src")
    dst = topic_factory(2, prefix="dst")
    group = _uid("txn-group")
    async with asyncio.timeout(TEST_TIMEOUT_S):
        plain = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
        await plain.start()
        try:
            for i in range(6):
                await plain.send_and_wait(src, f"turn-{i}".encode(), key=f"conv-{i}".encode())
        finally:
            await plain.stop()

        consumer = AIOKafkaConsumer(
            src,
            bootstrap_servers=kafka_bootstrap,
            group_id=group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level="read_committed",
        )
        producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, transactional_id=_uid("txn"))
        await consumer.start()
        await producer.start()
        try:
            inputs: list[ConsumerRecord] = []
            while len(inputs) < 6:
                for batch in (await consumer.getmany(timeout_ms=1000)).values():
                    inputs.extend(batch)
            offsets = {
                TopicPartition(r.topic, r.partition): r.offset + 1 for r in inputs
            }  # last record per partition wins: records of a partition arrive in order
            await producer.begin_transaction()
            for r in inputs:
                await producer.send(dst, r.value.upper(), key=r.key)
            await producer.send_offsets_to_transaction(offsets, group)
            await producer.commit_transaction()
        finally:
            await producer.stop()
            await consumer.stop()

        out = await _read(kafka_bootstrap, dst, expected=6)
        assert sorted(r.value for r in out) == sorted(f"TURN-{i}".encode() for i in range(6))
        assert {(r.key, r.value) for r in out} == {(r.key, r.value.upper()) for r in inputs}

        admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
        await admin.start()
        try:
            committed = await admin.list_consumer_group_offsets(group)
        finally:
            await admin.close()
        assert {tp: om.offset for tp, om in committed.items()} == offsets
        assert sum(offsets.values()) == 6


async def test_aborted_transaction_is_invisible_to_read_committed(
    kafka_bootstrap: str, topic_factory: Callable[..., str]
) -> None:
    topic = topic_factory(1)
    async with asyncio.timeout(TEST_TIMEOUT_S):
        producer = AIOKafkaProducer(
            bootstrap_servers=kafka_bootstrap, transactional_id=_uid("abort")
        )
        await producer.start()
        try:
            async with producer.transaction():
                await producer.send(topic, b"keep-1")
            await producer.begin_transaction()
            await producer.send_and_wait(topic, b"drop-1")
            await producer.send_and_wait(topic, b"drop-2")
            await producer.abort_transaction()
            async with producer.transaction():
                await producer.send(topic, b"keep-2")
        finally:
            await producer.stop()

        committed = await _read(kafka_bootstrap, topic, expected=2)
        assert [r.value for r in committed] == [b"keep-1", b"keep-2"]
        # The aborted records really are in the log: read_uncommitted sees them.
        everything = await _read(
            kafka_bootstrap, topic, expected=4, isolation_level="read_uncommitted"
        )
        assert [r.value for r in everything] == [b"keep-1", b"drop-1", b"drop-2", b"keep-2"]


async def test_second_producer_with_same_transactional_id_fences_the_first(
    kafka_bootstrap: str, topic_factory: Callable[..., str]
) -> None:
    topic = topic_factory(1)
    txn_id = _uid("fence")
    async with asyncio.timeout(TEST_TIMEOUT_S):
        zombie = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, transactional_id=txn_id)
        await zombie.start()
        successor = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, transactional_id=txn_id)
        try:
            await zombie.begin_transaction()
            await zombie.send_and_wait(topic, b"from-zombie")
            # InitProducerId for the same transactional_id bumps the epoch and aborts the
            # zombie's open transaction.
            await successor.start()
            with pytest.raises(ProducerFenced):
                await zombie.commit_transaction()
            async with successor.transaction():
                await successor.send(topic, b"from-successor")
        finally:
            with contextlib.suppress(KafkaError):
                await zombie.stop()
            await successor.stop()

        values = [r.value for r in await _read(kafka_bootstrap, topic, expected=1)]
        assert values == [b"from-successor"]


async def test_consumer_group_rebalance_and_commits(
    kafka_bootstrap: str, topic_factory: Callable[..., str]
) -> None:
    topic = topic_factory(2)
    group = _uid("rebalance")

    def member() -> AIOKafkaConsumer:
        return AIOKafkaConsumer(
            topic,
            bootstrap_servers=kafka_bootstrap,
            group_id=group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level="read_committed",
            session_timeout_ms=6000,
            heartbeat_interval_ms=500,
        )

    async def poll_until(cond: Callable[[], bool], *consumers: AIOKafkaConsumer) -> None:
        while not cond():
            await asyncio.gather(*(c.getmany(timeout_ms=300) for c in consumers))

    async with asyncio.timeout(TEST_TIMEOUT_S):
        a, b = member(), member()
        await a.start()
        try:
            await poll_until(lambda: len(a.assignment()) == 2, a)
            await b.start()
            try:
                await poll_until(
                    lambda: len(a.assignment()) == 1 and len(b.assignment()) == 1, a, b
                )
                assert a.assignment() | b.assignment() == {
                    TopicPartition(topic, 0),
                    TopicPartition(topic, 1),
                }
                (tp_a,) = a.assignment()
                (tp_b,) = b.assignment()
                await a.commit({tp_a: 3})
                await b.commit({tp_b: 5})
                assert await a.committed(tp_a) == 3
                assert await b.committed(tp_b) == 5
            finally:
                await b.stop()  # LeaveGroup -> a gets both partitions back
            await poll_until(lambda: len(a.assignment()) == 2, a)
            assert await a.committed(tp_b) == 5
        finally:
            await a.stop()
