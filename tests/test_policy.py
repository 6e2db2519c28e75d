from __future__ import annotations

import numpy as np

from router_worker.policy import LowConfidence, PolicyConfig, decide
from router_worker.records import DECISIONS, REASONS, RoutingDecision, TurnEvent
from router_worker.settings import TenantThresholds
from tests.conftest import make_event

CFG = PolicyConfig(min_confidence=0.5, citation_threshold=0.5)


def _probs(order: tuple[str, ...], **kv: float) -> np.ndarray:
    rest = (1.0 - sum(kv.values())) / max(1, len(order) - len(kv))
    return np.array([kv.get(k, rest) for k in order], np.float32)


def _decide(
    event: TurnEvent,
    dec: dict[str, float],
    rea: dict[str, float],
    cit: list[float],
    cfg: PolicyConfig = CFG,
    tenant: TenantThresholds | None = None,
) -> RoutingDecision | LowConfidence:
    return decide(
        event,
        _probs(DECISIONS, **dec),
        _probs(REASONS, **rea),
        np.array(cit, np.float32),
        cfg,
        tenant,
        "v1",
        1.0,
    )


def _ev(**kw: object) -> TurnEvent:
    return TurnEvent.model_validate(make_event(**kw))


def test_guideline_decision_cites_guidelines_over_threshold() -> None:
    d = _decide(_ev(), {"escalate": 0.9}, {"guideline": 0.9}, [0.97, 0.1])
    assert isinstance(d, RoutingDecision)
    assert (d.decision, d.reason, d.decided_by) == ("escalate", "guideline", "model")
    assert [c.guideline_id for c in d.citations] == ["g-orders"]
    assert (
        d.route is not None and d.route.queue == "guideline:g-orders" and d.route.priority == "high"
    )
    assert d.handoff is not None and "guideline:g-orders" in d.handoff.signals


def test_guideline_reason_always_cites_at_least_one() -> None:
    d = _decide(_ev(), {"continue": 0.9}, {"guideline": 0.9}, [0.2, 0.4])
    assert isinstance(d, RoutingDecision)
    assert [c.guideline_id for c in d.citations] == ["g-pricing"]
    assert d.route is None and d.handoff is None


def test_no_citations_without_guideline_reason() -> None:
    d = _decide(_ev(), {"escalate": 0.9}, {"sensitive": 0.9}, [0.99, 0.99])
    assert isinstance(d, RoutingDecision)
    assert (
        d.reason == "sensitive" and d.citations == [] and d.route and d.route.priority == "urgent"
    )


def test_continue_only_with_guideline_or_none() -> None:
    d = _decide(_ev(), {"continue": 0.8}, {"frustration": 0.6, "none": 0.3}, [0.1, 0.1])
    assert isinstance(d, RoutingDecision) and (d.decision, d.reason) == ("continue", "none")


def test_escalation_never_has_reason_none() -> None:
    d = _decide(_ev(), {"escalate": 0.8}, {"none": 0.7, "request": 0.2}, [0.1, 0.1])
    assert isinstance(d, RoutingDecision) and d.reason == "request"


def test_guideline_reason_impossible_without_guidelines() -> None:
    d = _decide(_ev(guidelines=[]), {"escalate": 0.8}, {"guideline": 0.7, "request": 0.2}, [])
    assert isinstance(d, RoutingDecision) and d.reason == "request" and d.citations == []


def test_low_confidence_goes_to_fallback_with_partial_scores() -> None:
    out = _decide(_ev(), {"escalate": 0.4, "offer": 0.35}, {"request": 0.5}, [0.3, 0.6])
    assert isinstance(out, LowConfidence)
    assert out.partial.scores["escalate"] == 0.4
    assert {c.guideline_id for c in out.partial.citations} == {"g-orders", "g-pricing"}


def test_tenant_thresholds() -> None:
    ev = _ev()
    # Model leans continue, but this tenant escalates from 0.3.
    tenant = TenantThresholds(escalate=0.3, min_confidence=0.0)
    d = _decide(
        ev,
        {"escalate": 0.35, "offer": 0.1, "continue": 0.55},
        {"request": 0.9},
        [0, 0],
        tenant=tenant,
    )
    assert isinstance(d, RoutingDecision) and d.decision == "escalate"
    # Offer side: P(escalate)+P(offer) >= 0.4 gives offer.
    tenant = TenantThresholds(escalate=0.9, offer=0.4, min_confidence=0.0)
    d = _decide(
        ev,
        {"escalate": 0.2, "offer": 0.25, "continue": 0.55},
        {"frustration": 0.9},
        [0, 0],
        tenant=tenant,
    )
    assert isinstance(d, RoutingDecision) and d.decision == "offer"
    # Tenant-specific confidence floor sends it to the fallback.
    tenant = TenantThresholds(min_confidence=0.95)
    assert isinstance(
        _decide(ev, {"continue": 0.9}, {"none": 0.9}, [0, 0], tenant=tenant), LowConfidence
    )


def test_never_offer_twice_guardrail() -> None:
    ev = _ev(
        messages=[
            {"role": "user", "text": "this is the third time"},
            {
                "role": "assistant",
                "text": "Want me to connect you with a person?",
                "action": "offer_escalation",
            },
            {"role": "user", "text": "whatever, just tell me the steps"},
        ]
    )
    d = _decide(ev, {"offer": 0.8}, {"frustration": 0.8}, [0.1, 0.1])
    assert isinstance(d, RoutingDecision)
    assert (d.decision, d.reason, d.decided_by, d.guardrail) == (
        "continue",
        "none",
        "guardrail",
        "never_offer_twice",
    )
    # Something stronger (the model says escalate) is not blocked.
    d = _decide(ev, {"escalate": 0.8}, {"sensitive": 0.8}, [0.1, 0.1])
    assert isinstance(d, RoutingDecision) and d.decision == "escalate" and d.decided_by == "model"


def test_first_message_bare_request_is_an_offer() -> None:
    ev = _ev(messages=[{"role": "user", "text": "can I talk to a person"}])
    d = _decide(ev, {"escalate": 0.8}, {"request": 0.9}, [0.0, 0.0])
    assert isinstance(d, RoutingDecision)
    assert (d.decision, d.reason, d.guardrail) == ("offer", "request", "first_message")
    # With another signal present it stays an escalation.
    d = _decide(ev, {"escalate": 0.8}, {"request": 0.6, "frustration": 0.3}, [0.0, 0.0])
    assert isinstance(d, RoutingDecision) and d.decision == "escalate" and d.guardrail is None
    # Not the first user message: no guardrail.
    d = _decide(_ev(), {"escalate": 0.8}, {"request": 0.9}, [0.0, 0.0])
    assert isinstance(d, RoutingDecision) and d.decision == "escalate"


def test_guardrails_can_be_switched_off() -> None:
    ev = _ev(messages=[{"role": "user", "text": "human please"}])
    cfg = PolicyConfig(min_confidence=0.5, citation_threshold=0.5, first_message=False)
    d = _decide(ev, {"escalate": 0.8}, {"request": 0.9}, [0, 0], cfg=cfg)
    assert isinstance(d, RoutingDecision) and d.decision == "escalate"
