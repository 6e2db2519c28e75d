"""Scores -> a decision: confidence gate, per-tenant thresholds, consistency, guardrails.

The model judges; this module applies the parts of labels.md that are rules rather than
judgement, and makes the output consistent with the contract (a citation always comes with
reason ``guideline``; ``none`` only with ``continue``). When a rule changes what the model
said, the decision says so with ``decided_by: "guardrail"`` and names the rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from router_worker.records import (
    DECISIONS,
    REASONS,
    Citation,
    Decision,
    Handoff,
    Partial,
    Reason,
    Route,
    RoutingDecision,
    TurnEvent,
)
from router_worker.settings import TenantThresholds

_I_ESC, _I_OFF, _I_CONT = (DECISIONS.index(d) for d in ("escalate", "offer", "continue"))
_REASON_INDEX = {r: i for i, r in enumerate(REASONS)}
# Scores arrive as one row of the engine's output; plain floats make the per-event work here
# several times cheaper than numpy scalars (the worker converts each batch once).
Scores = Sequence[float] | np.ndarray
_CONTINUE_REASONS: tuple[Reason, ...] = ("guideline", "none")
_PRIORITY: dict[tuple[str, str], str] = {
    ("escalate", "sensitive"): "urgent",
    ("escalate", "request"): "high",
    ("escalate", "guideline"): "high",
}


@dataclass(frozen=True, slots=True)
class PolicyConfig:
    min_confidence: float
    citation_threshold: float
    never_offer_twice: bool = True
    first_message: bool = True
    first_message_other_signal: float = 0.2


@dataclass(frozen=True, slots=True)
class LowConfidence:
    partial: Partial
    confidence: float


def _round(x: float) -> float:
    return round(float(x), 4)


def _last_assistant_action(event: TurnEvent) -> str | None:
    for m in reversed(event.messages):
        if m.role == "assistant":
            return m.action
        if m.role == "agent":
            return None
    return None


def _is_first_user_message(event: TurnEvent) -> bool:
    return sum(1 for m in event.messages if m.role == "user") == 1


def _floats(x: Scores) -> list[float]:
    return x.tolist() if isinstance(x, np.ndarray) else [float(v) for v in x]


def _pick_decision(p: list[float], t: TenantThresholds | None) -> Decision:
    if t is None or (t.escalate is None and t.offer is None):
        return DECISIONS[max(range(len(p)), key=p.__getitem__)]  # the first maximum, as argmax
    esc_t = t.escalate if t.escalate is not None else 0.5
    off_t = t.offer if t.offer is not None else 0.5
    if p[_I_ESC] >= esc_t:
        return "escalate"
    if p[_I_ESC] + p[_I_OFF] >= off_t:
        return "offer"
    return "continue"


def _best(p: list[float], allowed: tuple[Reason, ...]) -> Reason:
    return max(allowed, key=lambda r: p[_REASON_INDEX[r]])


def decide(
    event: TurnEvent,
    decision_probs: Scores,
    reason_probs: Scores,
    citation_probs: Scores,
    cfg: PolicyConfig,
    tenant: TenantThresholds | None,
    model_version: str,
    latency_ms: float,
) -> RoutingDecision | LowConfidence:
    """One event's scores -> its RoutingDecision, or LowConfidence for the LLM fallback."""
    n_g = len(event.guidelines)
    decision_probs = _floats(decision_probs)
    reason_probs = _floats(reason_probs)
    cit = _floats(citation_probs[:n_g])
    scores: dict[str, float] = {d: _round(decision_probs[i]) for i, d in enumerate(DECISIONS)}
    reason_scores: dict[str, float] = {r: _round(reason_probs[i]) for i, r in enumerate(REASONS)}
    all_citations = [
        Citation(guideline_id=g.id, score=_round(cit[i])) for i, g in enumerate(event.guidelines)
    ]

    confidence = max(decision_probs)
    min_conf = cfg.min_confidence
    if tenant is not None and tenant.min_confidence is not None:
        min_conf = tenant.min_confidence
    if confidence < min_conf:
        return LowConfidence(
            Partial(scores=scores, reason_scores=reason_scores, citations=all_citations), confidence
        )

    decision = _pick_decision(decision_probs, tenant)
    guardrail: str | None = None
    signals: list[str] = []

    # Reasons the decision allows; 'guideline' needs a guideline to cite.
    allowed: tuple[Reason, ...]
    if decision == "continue":
        allowed = _CONTINUE_REASONS
    else:
        allowed = tuple(r for r in REASONS if r != "none")
    if n_g == 0:
        allowed = tuple(r for r in allowed if r != "guideline") or ("none",)
    reason = _best(reason_probs, allowed)

    if (
        cfg.never_offer_twice
        and decision == "offer"
        and _last_assistant_action(event) == "offer_escalation"
    ):
        # labels.md: never offer twice in a row; only something stronger (an escalation)
        # overrides, and the model did not say escalate.
        decision, reason, guardrail = "continue", "none", "never_offer_twice"
    elif (
        cfg.first_message
        and decision == "escalate"
        and reason == "request"
        and _is_first_user_message(event)
        and all(
            reason_probs[i] < cfg.first_message_other_signal
            for i, r in enumerate(REASONS)
            if r not in ("request", "none")
        )
    ):
        # labels.md: a bare request on the very first user message is answered with an offer.
        decision, guardrail = "offer", "first_message"

    citations: list[Citation] = []
    if reason == "guideline":
        citations = [c for c in all_citations if c.score >= cfg.citation_threshold]
        if not citations:
            # A guideline reason always cites at least one guideline: the most likely one.
            citations = [max(all_citations, key=lambda c: c.score)]
        citations.sort(key=lambda c: -c.score)
        signals += [f"guideline:{c.guideline_id}" for c in citations]
    elif reason != "none":
        signals.append(f"reason:{reason}")
    if guardrail:
        signals.append(f"guardrail:{guardrail}")

    route = handoff = None
    if decision != "continue":
        queue = f"guideline:{citations[0].guideline_id}" if citations else reason
        route = Route(
            queue=queue,
            priority=_PRIORITY.get(
                (decision, reason), "high" if decision == "escalate" else "normal"
            ),  # type: ignore[arg-type]
            language=event.language,
        )
        handoff = Handoff(summary=_summary(event, decision, reason, citations), signals=signals)

    return RoutingDecision(
        event_id=event.event_id,
        tenant_id=event.tenant_id,
        conversation_id=event.conversation_id,
        turn_index=event.turn_index,
        decision=decision,
        scores=scores,
        reason=reason,
        reason_scores=reason_scores,
        citations=citations,
        route=route,
        handoff=handoff,
        decided_by="guardrail" if guardrail else "model",
        guardrail=guardrail,
        model_version=model_version,
        latency_ms=round(latency_ms, 3),
    )


def _summary(event: TurnEvent, decision: str, reason: str, citations: list[Citation]) -> str:
    last_user = next((m.text for m in reversed(event.messages) if m.role == "user"), "")
    snippet = " ".join(last_user.split())
    if len(snippet) > 200:
        snippet = snippet[:197] + "..."
    why = reason.replace("_", " ")
    if citations:
        why += " (" + ", ".join(c.guideline_id for c in citations) + ")"
    turns = sum(1 for m in event.messages if m.role == "user")
    return f'{decision} for {why} after {turns} user message(s); last: "{snippet}"'
