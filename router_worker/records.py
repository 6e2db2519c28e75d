"""Pydantic models of the wire contract (shared/spec/events.md) and the evaluation format.

Parsing is the hot path's first step: ``parse_turn`` takes the raw Kafka value bytes and
returns either a validated ``TurnEvent`` or a ``ParseFailure`` that names exactly which field
was wrong and why, so the record can be dead-lettered with a useful ``error.message``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import orjson
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

SCHEMA_VERSION = 1

Role = Literal["user", "assistant", "agent", "system"]
Action = Literal["answer", "offer_escalation", "escalated"]
Decision = Literal["escalate", "offer", "continue"]
Reason = Literal[
    "guideline",
    "sensitive",
    "request",
    "frustration",
    "account_action",
    "ai_unable",
    "business_priority",
    "none",
]
FallbackReason = Literal["too_long", "low_confidence", "model_unavailable", "overload"]
DecidedBy = Literal["model", "guardrail", "llm"]
OutcomeKind = Literal["ai_resolved", "human_resolved", "abandoned", "reopened"]

# Label orders are part of the model contract: the ONNX heads emit scores in these orders.
DECISIONS: tuple[Decision, ...] = ("escalate", "offer", "continue")
# labels.md lists reasons in priority order; the reason head uses the same order.
REASONS: tuple[Reason, ...] = (
    "guideline",
    "sensitive",
    "request",
    "frustration",
    "account_action",
    "ai_unable",
    "business_priority",
    "none",
)

NonEmptyId128 = Annotated[str, Field(min_length=1, max_length=128)]


class _Wire(BaseModel):
    """Base for records we publish: unknown fields from newer producers are kept."""

    model_config = ConfigDict(extra="allow", frozen=False)


class Message(_Wire):
    role: Role
    text: str = Field(max_length=20_000)
    action: Action | None = None

    @model_validator(mode="after")
    def _action_only_on_assistant(self) -> Message:
        if self.action is not None and self.role != "assistant":
            raise ValueError(
                f"'action' is only allowed on assistant messages, not on {self.role!r}"
            )
        return self


class Guideline(_Wire):
    id: str = Field(min_length=1, max_length=256)
    text: str = Field(min_length=1, max_length=2_000)


class Context(BaseModel):
    """Business context. Every key is optional; unknown keys are kept and passed on."""

    model_config = ConfigDict(extra="allow")

    plan: str | None = None
    account_value_usd: float | None = Field(default=None, ge=0)
    renewal_in_days: int | None = None
    customer_since_days: int | None = Field(default=None, ge=0)
    prior_contacts_7d: int | None = Field(default=None, ge=0)
    page: str | None = None
    open_incident: str | None = None
    ai_confidence: float | None = Field(default=None, ge=0, le=1)

    def extras(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class TurnEvent(_Wire):
    schema_version: Literal[1]
    event_id: NonEmptyId128
    tenant_id: NonEmptyId128
    conversation_id: str = Field(min_length=1, max_length=256)
    turn_index: int = Field(ge=0)
    sent_at: datetime
    language: str | None = Field(default=None, max_length=35)
    messages: list[Message] = Field(min_length=1, max_length=500)
    guidelines: list[Guideline] = Field(default_factory=list, max_length=100)
    context: Context | None = None

    @field_validator("sent_at")
    @classmethod
    def _aware(cls, v: datetime) -> datetime:
        if v.tzinfo is None:
            raise ValueError("sent_at must be an RFC 3339 timestamp with a time zone")
        return v

    @model_validator(mode="after")
    def _unique_guideline_ids(self) -> TurnEvent:
        seen: set[str] = set()
        for i, g in enumerate(self.guidelines):
            if g.id in seen:
                raise ValueError(f"guidelines[{i}].id {g.id!r} is not unique within the event")
            seen.add(g.id)
        return self


class Citation(BaseModel):
    guideline_id: str
    score: float


class Route(BaseModel):
    queue: str
    priority: Literal["low", "normal", "high", "urgent"]
    language: str | None = None


class Handoff(BaseModel):
    summary: str
    signals: list[str] = Field(default_factory=list)


class RoutingDecision(_Wire):
    schema_version: Literal[1] = 1
    event_id: str
    tenant_id: str
    conversation_id: str
    turn_index: int
    decision: Decision
    scores: dict[str, float]
    reason: Reason
    reason_scores: dict[str, float]
    citations: list[Citation] = Field(default_factory=list)
    route: Route | None = None
    handoff: Handoff | None = None
    decided_by: DecidedBy
    model_version: str
    latency_ms: float
    # Additive fields (events.md allows them): which guardrail changed the decision, and,
    # for an older turn answered by a newer turn of the same conversation in one batch,
    # the event whose model run this decision reuses.
    guardrail: str | None = None
    superseded_by: str | None = None


class Partial(BaseModel):
    scores: dict[str, float] = Field(default_factory=dict)
    reason_scores: dict[str, float] = Field(default_factory=dict)
    citations: list[Citation] = Field(default_factory=list)


class FallbackRequest(_Wire):
    schema_version: Literal[1] = 1
    fallback_reason: FallbackReason
    event: dict[str, Any]
    partial: Partial = Field(default_factory=Partial)
    model_version: str
    detail: str | None = None


class Label(BaseModel):
    decision: Decision
    reason: Reason
    citations: list[str] = Field(default_factory=list)


class Outcome(_Wire):
    schema_version: Literal[1]
    event_id: NonEmptyId128
    tenant_id: NonEmptyId128
    conversation_id: str = Field(min_length=1, max_length=256)
    outcome: OutcomeKind
    handle_time_s: float | None = Field(default=None, ge=0)
    csat: int | None = Field(default=None, ge=1, le=5)
    label: Label | None = None


class EvalRecord(BaseModel):
    """One line of an evaluation or training file (labels.md)."""

    model_config = ConfigDict(extra="allow")

    event: TurnEvent
    label: Label
    note: str | None = None


class ParseFailure(BaseModel):
    """Why a record could not become a TurnEvent; becomes the dead letter's headers."""

    error_type: Literal["too_large", "invalid_json", "invalid_event"]
    message: str


def describe_validation_error(err: ValidationError, limit: int = 5) -> str:
    """One line naming each failing field path and why, like pydantic's own errors."""
    parts = []
    for e in err.errors()[:limit]:
        loc = ".".join(str(p) for p in e["loc"]) or "<root>"
        parts.append(f"{loc}: {e['msg']}")
    more = err.error_count() - limit
    if more > 0:
        parts.append(f"(+{more} more)")
    return "; ".join(parts)


def parse_turn(raw: bytes | None, max_bytes: int) -> TurnEvent | ParseFailure:
    """bytes -> TurnEvent, or the reason it is a dead letter. Never raises."""
    if raw is None:
        return ParseFailure(error_type="invalid_json", message="record has no value (tombstone)")
    if len(raw) > max_bytes:
        # Checked before parsing so a 10 MB record costs a length check, not a JSON parse.
        return ParseFailure(
            error_type="too_large",
            message=f"record is {len(raw)} bytes, over the limit of {max_bytes}",
        )
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        return ParseFailure(error_type="invalid_json", message=f"not valid UTF-8 JSON: {e}")
    if not isinstance(data, dict):
        return ParseFailure(
            error_type="invalid_event",
            message=f"<root>: expected a JSON object, got {type(data).__name__}",
        )
    try:
        return TurnEvent.model_validate(data)
    except ValidationError as e:
        return ParseFailure(error_type="invalid_event", message=describe_validation_error(e))
    except (ValueError, TypeError, RecursionError) as e:  # defensive: never stop the worker
        return ParseFailure(error_type="invalid_event", message=f"<root>: {e}")


def event_from_record_line(data: dict[str, Any]) -> tuple[TurnEvent, Label | None]:
    """Accept either a bare TurnEvent or an evaluation record ({event, label})."""
    if "event" in data and isinstance(data["event"], dict):
        rec = EvalRecord.model_validate(data)
        return rec.event, rec.label
    return TurnEvent.model_validate(data), None


def dump_json(model: BaseModel) -> bytes:
    """Serialise a published record: drop unset optionals so the wire stays compact."""
    return orjson.dumps(model.model_dump(mode="json", exclude_none=True))


RECORD_TYPES: dict[str, type[BaseModel]] = {
    "TurnEvent": TurnEvent,
    "RoutingDecision": RoutingDecision,
    "FallbackRequest": FallbackRequest,
    "Outcome": Outcome,
    "EvalRecord": EvalRecord,
}
