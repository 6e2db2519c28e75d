"""Token-budget micro-batching: close a batch at N events, T tokens or the oldest's max wait.

A lone event never waits longer than ``max_wait_s``; an event that needs no model (a dead
letter, a too-long fallback) rides along in the next batch at no token cost, so that every
partition's results stay in offset order on the way out.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque

from router_worker.pipeline import Item


class Batcher:
    def __init__(self, max_events: int, max_tokens: int, max_wait_s: float) -> None:
        self.max_events = max_events
        self.max_tokens = max_tokens
        self.max_wait_s = max_wait_s
        self._items: deque[Item] = deque()
        self._tokens = 0
        self._changed = asyncio.Event()
        self._closed = False

    def __len__(self) -> int:
        return len(self._items)

    def put_many(self, items: list[Item]) -> None:
        """Never blocks: the consumer's in-flight limit is what bounds this queue."""
        for it in items:
            self._items.append(it)
            self._tokens += it.tokens
        self._changed.set()

    def close(self) -> None:
        """Stop waiting for more: the rest is handed out immediately (used when draining)."""
        self._closed = True
        self._changed.set()

    def discard(self, keep: object) -> int:
        """Drop queued items for which ``keep(item)`` is false (revoked partitions)."""
        before = len(self._items)
        kept = [it for it in self._items if keep(it)]  # type: ignore[operator]
        self._items = deque(kept)
        self._tokens = sum(it.tokens for it in kept)
        return before - len(kept)

    def _full(self) -> bool:
        return len(self._items) >= self.max_events or self._tokens >= self.max_tokens

    async def next_batch(self) -> list[Item]:
        """The next batch, or [] once closed and empty."""
        while True:
            while not self._items:
                if self._closed:
                    return []
                self._changed.clear()
                await self._changed.wait()
            deadline = self._items[0].received + self.max_wait_s
            while not self._full() and not self._closed:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._changed.clear()
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    break
            batch = self._take()
            # Empty only if a revocation discarded everything while we waited: wait again
            # (an empty batch means "closed" to the caller, which would end the worker).
            if batch or self._closed:
                return batch

    def _take(self) -> list[Item]:
        batch: list[Item] = []
        tokens = 0
        while self._items and len(batch) < self.max_events:
            it = self._items[0]
            if batch and tokens + it.tokens > self.max_tokens:
                break
            self._items.popleft()
            batch.append(it)
            tokens += it.tokens
        self._tokens -= tokens
        return batch
