"""Training records -> tensors, through the same ``TextEncoder`` the worker serves with.

Records are the labels.md format (``EvalRecord``). Encoding uses the serving code path
(layout + tokenizer + message dropping), so what the model trains on is exactly what it
sees in production; records the encoder calls ``too_long`` go to the LLM fallback in
production and are skipped (and counted) here.
"""

from __future__ import annotations

import glob
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from router_worker.records import DECISIONS, REASONS, EvalRecord, Label
from router_worker.tokenize import Encoded, TextEncoder, pad_batch

DECISION_INDEX = {d: i for i, d in enumerate(DECISIONS)}
REASON_INDEX = {r: i for i, r in enumerate(REASONS)}


@dataclass(frozen=True, slots=True)
class Example:
    input_ids: np.ndarray  # int64 [T]
    guideline_spans: np.ndarray  # int64 [G, 2]
    decision: int
    reason: int
    citations: np.ndarray  # float32 [G], 1 where the guideline is cited
    guideline_ids: tuple[str, ...]
    tenant_id: str
    label: Label
    language: str | None

    @property
    def n_tokens(self) -> int:
        return int(self.input_ids.shape[0])


@dataclass(frozen=True, slots=True)
class EncodeStats:
    total: int
    skipped_too_long: int


def expand_paths(patterns: Iterable[str]) -> list[Path]:
    """Files and globs -> sorted, de-duplicated existing paths (a missing pattern is an error)."""
    out: list[Path] = []
    for pat in patterns:
        matches = sorted(glob.glob(pat)) if any(c in pat for c in "*?[") else [pat]
        if not matches or not all(Path(m).is_file() for m in matches):
            raise FileNotFoundError(f"no training file matches {pat!r}")
        out.extend(Path(m) for m in matches)
    seen: set[Path] = set()
    return [p for p in out if not (p in seen or seen.add(p))]


def load_records(paths: Iterable[str | Path]) -> list[EvalRecord]:
    records: list[EvalRecord] = []
    for path in paths:
        with Path(path).open("rb") as f:
            for n, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                try:
                    records.append(EvalRecord.model_validate_json(line))
                except ValueError as e:
                    raise ValueError(f"{path}:{n}: invalid record: {e}") from e
    return records


def split_by_tenant(
    records: Sequence[EvalRecord], val_frac: float, seed: int
) -> tuple[list[EvalRecord], list[EvalRecord]]:
    """Hold out whole tenants, so validation measures unseen businesses and guidelines."""
    tenants = sorted({r.event.tenant_id for r in records})
    if val_frac <= 0 or len(tenants) < 2:
        return list(records), []
    rng = random.Random(seed)
    rng.shuffle(tenants)
    n_val = max(1, round(len(tenants) * val_frac))
    val_tenants = set(tenants[:n_val])
    train = [r for r in records if r.event.tenant_id not in val_tenants]
    val = [r for r in records if r.event.tenant_id in val_tenants]
    return train, val


def citation_targets(record: EvalRecord) -> np.ndarray:
    cited = set(record.label.citations)
    return np.asarray([1.0 if g.id in cited else 0.0 for g in record.event.guidelines], np.float32)


def encode_records(
    records: Sequence[EvalRecord], encoder: TextEncoder, chunk: int = 512
) -> tuple[list[Example], EncodeStats]:
    """Encode in chunks (one batched tokenizer call each); drop too_long records."""
    examples: list[Example] = []
    skipped = 0
    for i in range(0, len(records), chunk):
        part = records[i : i + chunk]
        for rec, enc in zip(part, encoder.encode_batch([r.event for r in part]), strict=True):
            if enc.too_long:
                skipped += 1
                continue
            examples.append(
                Example(
                    input_ids=enc.input_ids,
                    guideline_spans=enc.guideline_spans,
                    decision=DECISION_INDEX[rec.label.decision],
                    reason=REASON_INDEX[rec.label.reason],
                    citations=citation_targets(rec),
                    guideline_ids=tuple(g.id for g in rec.event.guidelines),
                    tenant_id=rec.event.tenant_id,
                    label=rec.label,
                    language=rec.event.language,
                )
            )
    return examples, EncodeStats(total=len(records), skipped_too_long=skipped)


def too_long_records(records: Sequence[EvalRecord], encoder: TextEncoder) -> list[EvalRecord]:
    """The records the encoder would send to the fallback (for honest validation metrics)."""
    out: list[EvalRecord] = []
    for i in range(0, len(records), 512):
        part = records[i : i + 512]
        encs = encoder.encode_batch([r.event for r in part])
        out.extend(r for r, e in zip(part, encs, strict=True) if e.too_long)
    return out


def collate(examples: Sequence[Example], pad_id: int) -> dict[str, torch.Tensor]:
    """Pad with the serving ``pad_batch`` and add the label tensors."""
    batch = pad_batch([_as_encoded(e) for e in examples], pad_id=pad_id)
    g = batch.guideline_spans.shape[1]
    cit = np.zeros((len(examples), g), np.float32)
    for i, e in enumerate(examples):
        cit[i, : e.citations.shape[0]] = e.citations
    return {
        "input_ids": torch.from_numpy(batch.input_ids),
        "attention_mask": torch.from_numpy(batch.attention_mask),
        "guideline_spans": torch.from_numpy(batch.guideline_spans),
        "decision": torch.tensor([e.decision for e in examples], dtype=torch.long),
        "reason": torch.tensor([e.reason for e in examples], dtype=torch.long),
        "citations": torch.from_numpy(cit),
    }


def _as_encoded(e: Example) -> Encoded:
    return Encoded(e.input_ids, e.guideline_spans, False, 0)


def bucket_batches(
    lengths: Sequence[int],
    batch_size: int,
    seed: int,
    shuffle: bool = True,
    chunk_batches: int = 50,
) -> list[list[int]]:
    """Length-bucketed batches: shuffle, sort by length within chunks, shuffle the batches.

    Sorting within chunks of ``chunk_batches * batch_size`` keeps similar lengths together
    (little padding, which is most of the cost on CPU) while the chunking keeps some
    randomness in which examples meet.
    """
    idx = list(range(len(lengths)))
    rng = random.Random(seed)
    if shuffle:
        rng.shuffle(idx)
    chunk = max(batch_size, batch_size * chunk_batches)
    batches: list[list[int]] = []
    for c in range(0, len(idx), chunk):
        part = sorted(idx[c : c + chunk], key=lambda i: lengths[i])
        batches.extend(part[b : b + batch_size] for b in range(0, len(part), batch_size))
    if shuffle:
        rng.shuffle(batches)
    return batches


def class_weights(labels: Sequence[int], n_classes: int, power: float = 0.5) -> torch.Tensor:
    """Inverse-frequency weights softened by ``power`` (0.5: inverse square root), mean 1."""
    counts = np.bincount(np.asarray(labels, dtype=np.int64), minlength=n_classes).astype(np.float64)
    w = 1.0 / np.maximum(counts, 1.0) ** power
    w = w / w[counts > 0].mean()
    return torch.tensor(w, dtype=torch.float32)
