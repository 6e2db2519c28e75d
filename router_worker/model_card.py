"""The ``model.json`` card that sits beside an exported model.

It is the contract between export (training side) and serving: which files hold which
variant, the label orders of the heads, the tokenizer's maximum length, the layout version
the model was trained on, and the default thresholds. Serving refuses a card whose label
orders or layout version differ from its own.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from router_worker.layout import LAYOUT_VERSION
from router_worker.records import DECISIONS, REASONS

CARD_NAME = "model.json"
Variant = Literal["fp32", "fp16", "int8"]

# The ONNX graph's interface. Every exported model and the test models use these names.
INPUT_NAMES = ("input_ids", "attention_mask", "guideline_spans")
OUTPUT_NAMES = ("decision_probs", "reason_probs", "citation_probs")


class ModelFile(BaseModel):
    path: str
    sha256: str
    bytes: int


class Thresholds(BaseModel):
    """Defaults shipped with a model; settings and per-tenant overrides win over these."""

    # The model's top decision is used only when its probability reaches this; else the event
    # goes to the LLM fallback as low_confidence.
    min_confidence: float = Field(default=0.5, ge=0, le=1)
    # A citation is reported when its probability reaches this.
    citation: float = Field(default=0.5, ge=0, le=1)


class ModelCard(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str
    version: str
    backbone: str
    layout_version: int = LAYOUT_VERSION
    max_length: int
    max_guidelines: int = 32
    decisions: list[str] = Field(default_factory=lambda: [str(d) for d in DECISIONS])
    reasons: list[str] = Field(default_factory=lambda: [str(r) for r in REASONS])
    tokenizer: str = "tokenizer.json"
    files: dict[Variant, ModelFile]
    thresholds: Thresholds = Field(default_factory=Thresholds)
    inputs: list[str] = Field(default_factory=lambda: list(INPUT_NAMES))
    outputs: list[str] = Field(default_factory=lambda: list(OUTPUT_NAMES))
    training: dict[str, Any] = Field(default_factory=dict)
    metrics: dict[str, Any] = Field(default_factory=dict)

    def check_compatible(self) -> None:
        """Raise when this model was built for another label order or layout."""
        problems = []
        if tuple(self.decisions) != DECISIONS:
            problems.append(f"decisions {self.decisions} != {list(DECISIONS)}")
        if tuple(self.reasons) != REASONS:
            problems.append(f"reasons {self.reasons} != {list(REASONS)}")
        if self.layout_version != LAYOUT_VERSION:
            problems.append(f"layout_version {self.layout_version} != {LAYOUT_VERSION}")
        if tuple(self.inputs) != INPUT_NAMES or tuple(self.outputs) != OUTPUT_NAMES:
            problems.append(
                f"interface {self.inputs}->{self.outputs} is not {INPUT_NAMES}->{OUTPUT_NAMES}"
            )
        if problems:
            raise ValueError("model card is incompatible with this worker: " + "; ".join(problems))


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def describe_file(model_dir: Path, rel: str) -> ModelFile:
    p = model_dir / rel
    return ModelFile(path=rel, sha256=sha256_file(p), bytes=p.stat().st_size)


def load_card(model_dir: Path) -> ModelCard:
    path = model_dir / CARD_NAME
    if not path.is_file():
        raise FileNotFoundError(f"no {CARD_NAME} in model directory {model_dir}")
    return ModelCard.model_validate_json(path.read_bytes())


def write_card(model_dir: Path, card: ModelCard) -> Path:
    path = model_dir / CARD_NAME
    path.write_text(card.model_dump_json(indent=2) + "\n")
    return path
