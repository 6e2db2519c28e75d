"""Layouts -> token ids and guideline token spans, in one batched tokenizer call.

The whole text is tokenized once, with offsets. Character spans from the layout map to
token spans through those offsets. When the sequence is longer than the model's maximum,
the oldest messages' tokens are removed (the newest turns are kept); guidelines are never
cut because they come first. If the guidelines, the context and the last user message
alone do not fit, the event is ``too_long`` and goes to the LLM fallback.

Removing a message's tokens from the middle gives the same ids as tokenizing the text
without that message, because every piece starts after a space and both WordPiece and
byte-level BPE pre-tokenizers split there.

For the same reason the guideline block (the text before `` | context:``) can be tokenized
on its own and its tokens put in front of the rest's: the block is the same for every event
of a tenant and is about half of the text, so its ids and guideline token spans are cached
(``prefix_cache`` entries, least recently used out) and only the context and conversation go
through the tokenizer. The cache is used only when the tokenizer's special tokens are a plain
``[head] text [tail]`` wrap, which the constructor checks; otherwise every text is tokenized
whole. Both paths give the same ``Encoded`` (a test checks this on the training data).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from tokenizers import Encoding, Tokenizer

from router_worker.layout import Layout, render
from router_worker.records import TurnEvent


@dataclass(frozen=True, slots=True)
class Encoded:
    """One event ready for the engine."""

    input_ids: np.ndarray  # int64 [n_tokens], special tokens included
    guideline_spans: np.ndarray  # int64 [n_guidelines, 2], token [start, end)
    too_long: bool
    dropped_messages: int

    @property
    def n_tokens(self) -> int:
        return int(self.input_ids.shape[0])


def _token_starts(
    offsets: list[tuple[int, int]], special: list[int]
) -> tuple[list[int], list[int]]:
    """Character start of every real token, ascending, and that token's index."""
    starts: list[int] = []
    index: list[int] = []
    for t, (s, e) in enumerate(offsets):
        if not special[t] and e > s:
            starts.append(s)
            index.append(t)
    return starts, index


def _token_span(starts: list[int], index: list[int], start: int, end: int) -> tuple[int, int]:
    """Tokens whose first character lies in [start, end), as a token index range."""
    lo = bisect_left(starts, start)
    hi = bisect_left(starts, end)
    if lo >= len(starts) or hi <= lo:
        return (0, 0)
    return (index[lo], index[hi - 1] + 1)


class TextEncoder:
    """Batch tokenization with the Hugging Face ``tokenizers`` library alone."""

    def __init__(
        self,
        tokenizer: Tokenizer,
        max_length: int,
        max_guidelines: int = 32,
        max_chars: int | None = None,
        prefix_cache: int = 4096,
    ) -> None:
        self.tokenizer = tokenizer
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.max_length = max_length
        self.max_guidelines = max_guidelines
        # A token is rarely shorter than 2 characters of text; 12 per token leaves room for
        # messages that will be dropped while bounding what the tokenizer ever sees.
        self.max_chars = max_chars if max_chars is not None else max_length * 12
        pad = tokenizer.token_to_id("[PAD]")
        if pad is None:
            pad = tokenizer.token_to_id("<pad>")
        self.pad_id: int = pad or 0
        self._wrap = _special_wrap(tokenizer) if prefix_cache > 0 else None
        self._prefix: Callable[[str], _Prefix] | None = (
            lru_cache(maxsize=prefix_cache)(self._encode_prefix) if self._wrap else None
        )

    @classmethod
    def from_file(cls, path: str | Path, max_length: int, max_guidelines: int = 32) -> TextEncoder:
        return cls(Tokenizer.from_file(str(path)), max_length, max_guidelines)

    def layouts(self, events: Sequence[TurnEvent]) -> list[Layout]:
        return [render(e, self.max_chars) for e in events]

    def encode_batch(self, events: Sequence[TurnEvent]) -> list[Encoded]:
        return self.encode_layouts(self.layouts(events))

    def encode_layouts(self, layouts: Sequence[Layout]) -> list[Encoded]:
        out: list[Encoded | None] = [None] * len(layouts)
        split: list[tuple[int, int, _Prefix]] = []  # (index, where the rest starts, prefix)
        whole: list[int] = []
        for i, lay in enumerate(layouts):
            cut = lay.context_from
            if (
                self._prefix is None
                or cut <= 0
                or lay.too_long
                or len(lay.guideline_spans) > self.max_guidelines
            ):
                whole.append(i)
            else:
                split.append((i, cut, self._prefix(lay.text[:cut])))
        if whole:
            # A layout is at most max_chars long unless it is too_long (its guidelines or
            # context alone exceed the budget: up to 100 x 2,000 characters of guidelines).
            # Such an event goes to the fallback whatever its tokens are, so the tokenizer
            # only ever sees its first max_chars characters.
            texts = [layouts[i].text[: self.max_chars] for i in whole]
            for i, enc in zip(whole, self.tokenizer.encode_batch(texts), strict=True):
                out[i] = self._fit(layouts[i], enc)
        if split:
            rests = [layouts[i].text[cut:] for i, cut, _ in split]
            encs = self.tokenizer.encode_batch(rests, add_special_tokens=False)
            for (i, cut, prefix), enc in zip(split, encs, strict=True):
                out[i] = self._fit_split(layouts[i], prefix, cut, enc)
        return out  # type: ignore[return-value]

    def _encode_prefix(self, text: str) -> _Prefix:
        enc = self.tokenizer.encode(text, add_special_tokens=False)
        starts, index = _token_starts(enc.offsets, enc.special_tokens_mask)
        return _Prefix(tuple(enc.ids), starts, index)

    def _fit_split(self, lay: Layout, prefix: _Prefix, cut: int, rest: Encoding) -> Encoded:
        """``_fit`` for a cached guideline block followed by the freshly tokenized rest."""
        assert self._wrap is not None
        head, tail = self._wrap
        shift = len(head)
        gspans = [_token_span(prefix.starts, prefix.index, s, e) for s, e in lay.guideline_spans]
        spans = np.asarray(
            [(a + shift, b + shift) if b > a else (0, 0) for a, b in gspans], dtype=np.int64
        ).reshape(-1, 2)
        rest_ids = rest.ids
        n = shift + len(prefix.ids) + len(rest_ids) + len(tail)
        if n <= self.max_length:
            ids = np.fromiter((*head, *prefix.ids, *rest_ids, *tail), dtype=np.int64, count=n)
            return Encoded(ids, spans, False, lay.dropped_messages)
        # Too long: drop the oldest messages, with the rest's tokens located by its offsets.
        base = shift + len(prefix.ids)
        starts, index = _token_starts(rest.offsets, rest.special_tokens_mask)
        mspans = [
            _shift(_token_span(starts, index, s - cut, e - cut), base) for s, e in lay.message_spans
        ]
        ids_all = [*head, *prefix.ids, *rest_ids, *tail]
        return self._drop_messages(lay, ids_all, spans, mspans)

    def _fit(self, lay: Layout, enc: Encoding) -> Encoded:
        ids = enc.ids
        starts, index = _token_starts(enc.offsets, enc.special_tokens_mask)
        n_guidelines = len(lay.guideline_spans)
        gspans = [_token_span(starts, index, s, e) for s, e in lay.guideline_spans]
        if lay.too_long or n_guidelines > self.max_guidelines:
            return Encoded(
                np.asarray(ids, dtype=np.int64),
                np.asarray(gspans, np.int64).reshape(-1, 2),
                True,
                lay.dropped_messages,
            )
        if len(ids) <= self.max_length:
            return Encoded(
                np.asarray(ids, dtype=np.int64),
                np.asarray(gspans, dtype=np.int64).reshape(-1, 2),
                False,
                lay.dropped_messages,
            )
        mspans = [_token_span(starts, index, s, e) for s, e in lay.message_spans]
        spans = np.asarray(gspans, dtype=np.int64).reshape(-1, 2)
        return self._drop_messages(lay, ids, spans, mspans)

    def _drop_messages(
        self,
        lay: Layout,
        ids: list[int],
        spans: np.ndarray,
        mspans: list[tuple[int, int]],
    ) -> Encoded:
        """Remove whole messages, oldest first, until ``ids`` fit; never the required tail."""
        excess = len(ids) - self.max_length
        cut_lo = mspans[0][0] if mspans else len(ids)
        cut_hi = cut_lo
        dropped = 0
        for k in range(lay.required_from):
            if cut_hi - cut_lo >= excess:
                break
            cut_hi = mspans[k + 1][0] if k + 1 < len(mspans) else mspans[k][1]
            dropped += 1
        if cut_hi - cut_lo < excess:
            return Encoded(
                np.asarray(ids, dtype=np.int64), spans, True, lay.dropped_messages + dropped
            )
        kept = ids[:cut_lo] + ids[cut_hi:]
        return Encoded(
            np.asarray(kept, dtype=np.int64), spans, False, lay.dropped_messages + dropped
        )


@dataclass(frozen=True, slots=True)
class _Prefix:
    """A tokenized guideline block: its ids and its tokens' character starts."""

    ids: tuple[int, ...]
    starts: list[int]
    index: list[int]


def _shift(span: tuple[int, int], by: int) -> tuple[int, int]:
    return (span[0] + by, span[1] + by) if span[1] > span[0] else span


def _special_wrap(tokenizer: Tokenizer) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """The special tokens the tokenizer puts around one text, if that is all it does.

    Checked on a probe text: with special tokens it must be exactly ``head + plain + tail``.
    """
    probe = "guidelines: [1] Probe text, 42 x. | context: none"
    plain = tokenizer.encode(probe, add_special_tokens=False).ids
    full = tokenizer.encode(probe).ids
    for h in range(len(full) - len(plain) + 1):
        if full[h : h + len(plain)] == plain:
            head, tail = tuple(full[:h]), tuple(full[h + len(plain) :])
            empty = tokenizer.encode("").ids
            return (head, tail) if list(head + tail) == empty else None
    return None


@dataclass(frozen=True, slots=True)
class Batch:
    """Padded engine inputs for a group of encoded events (the ONNX model's inputs)."""

    input_ids: np.ndarray  # int64 [B, T]
    attention_mask: np.ndarray  # int64 [B, T]
    guideline_spans: np.ndarray  # int64 [B, G, 2]; padding guidelines are (0, 0)

    @property
    def size(self) -> int:
        return int(self.input_ids.shape[0])

    @property
    def padded_tokens(self) -> int:
        return int(self.input_ids.size)

    @property
    def real_tokens(self) -> int:
        return int(self.attention_mask.sum())


def pad_batch(items: Sequence[Encoded], pad_id: int = 0) -> Batch:
    """Right-pad to the longest sequence and the most guidelines in the group."""
    if not items:
        raise ValueError("pad_batch needs at least one encoded event")
    b = len(items)
    t = max(e.n_tokens for e in items)
    # At least one guideline slot so the citation output never has a zero-sized axis.
    g = max(1, max(e.guideline_spans.shape[0] for e in items))
    ids = np.full((b, t), pad_id, dtype=np.int64)
    mask = np.zeros((b, t), dtype=np.int64)
    spans = np.zeros((b, g, 2), dtype=np.int64)
    for i, e in enumerate(items):
        n = e.n_tokens
        ids[i, :n] = e.input_ids
        mask[i, :n] = 1
        k = e.guideline_spans.shape[0]
        if k:
            spans[i, :k] = e.guideline_spans
    return Batch(ids, mask, spans)
