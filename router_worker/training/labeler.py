"""labels.md as code: a pure function from structured scenario facts to a label.

The generator decides *what happened* in a conversation (which signals are present, in
which turn, which guidelines' conditions are met, the context values); this module decides
*what the right label is*, using only those facts and the rules of
``/shared/spec/labels.md``. It never looks at rendered text.

Decisions taken where labels.md is silent are marked ``Decision:`` below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from router_worker.records import DECISIONS, REASONS

Decision = Literal["escalate", "offer", "continue"]
Action = Literal["escalate", "offer", "continue"]

SENSITIVE_KINDS: tuple[str, ...] = (
    "legal",
    "self_harm",
    "fraud",
    "hijacked",
    "gdpr",
    "bereavement",
    "medical",
)
ACCOUNT_ACTIONS: tuple[str, ...] = (
    "refund_exception",
    "owner_change",
    "dispute_charge",
    "hidden_data",
    "exception",
)
_ACTION_RANK = {"continue": 0, "offer": 1, "escalate": 2}


@dataclass(frozen=True)
class GuidelineFact:
    """One guideline of the event and whether the conversation meets its condition.

    ``kind``: ``rule`` (its condition is met or not; ``action`` says what it prescribes),
    ``threshold`` (a money threshold; the labeller compares ``amount`` literally) or
    ``tone`` (style guidance; never applies).
    """

    id: str
    kind: Literal["rule", "threshold", "tone"] = "rule"
    topic_met: bool = False
    action: Action = "escalate"
    specificity: int = 2
    # threshold rules: "over T" (gt) / "T or more" (ge); lower side "under T" (lt) /
    # "T or less" (le) / None when only the escalating side is named
    threshold: float | None = None
    upper_op: Literal["gt", "ge"] = "gt"
    lower_op: Literal["lt", "le"] | None = None
    amount: float | None = None


@dataclass(frozen=True)
class Facts:
    """What is true of the conversation *now* (at its last message)."""

    guidelines: tuple[GuidelineFact, ...] = ()
    sensitive: str | None = None
    # a request for a human in the latest user turn that has not been acted on
    human_request: bool = False
    # that request is the very first user message, with no other content or signal
    request_first_bare: bool = False
    # the assistant already escalated (action "escalated") after the user's request;
    # the old request is history, not a new request
    request_acted_on: bool = False
    # the last assistant message has action "offer_escalation"
    offer_pending: bool = False
    offer_response: Literal["accepted", "declined"] | None = None
    # "I don't want a human" with no offer pending
    says_no_human: bool = False
    # 0: none, 1: mild / first sign / sarcasm, 2: strong, abusive, churn threat
    frustration: int = 0
    # number of user turns showing frustration (2+ = building over turns)
    frustration_turns: int = 0
    account_action: str | None = None
    # assistant answers that did not help on the same issue
    failed_answers: int = 0
    user_says_unhelpful: bool = False
    loop: bool = False
    ai_confidence: float | None = None
    nontrivial_issue: bool = False
    # the user has a problem (not just a how-to question) / is stuck
    has_problem: bool = False
    plan: str | None = None
    account_value_usd: float | None = None
    renewal_in_days: int | None = None
    customer_since_days: int | None = None
    # contacts in the last 7 days about the same thing (None when not about the same thing)
    prior_contacts_same_issue: int | None = None
    incident_hit: bool = False


@dataclass(frozen=True)
class Label:
    decision: Decision
    reason: str
    citations: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, object]:
        return {"decision": self.decision, "reason": self.reason, "citations": list(self.citations)}


def guideline_action(g: GuidelineFact) -> Action | None:
    """The action a guideline prescribes now, or None when its condition is not met."""
    if g.kind == "tone" or not g.topic_met:
        return None
    if g.kind == "rule":
        return g.action
    # threshold: read literally
    if g.amount is None or g.threshold is None:
        return None
    upper = g.amount > g.threshold if g.upper_op == "gt" else g.amount >= g.threshold
    if upper:
        return g.action
    if g.lower_op is None:
        return None  # only the escalating side is named, and it is unmet: not cited
    lower = g.amount < g.threshold if g.lower_op == "lt" else g.amount <= g.threshold
    return "continue" if lower else None


def resolve_guidelines(gs: tuple[GuidelineFact, ...]) -> tuple[Action, tuple[str, ...]] | None:
    """Conflict resolution: the more specific wins; equally specific, the escalating one.

    Decision: the winning *action* is chosen by (specificity, escalation strength); every
    applicable guideline prescribing that same action is cited (they agree with the
    winner), the others are not.
    """
    applicable = [(g, a) for g in gs if (a := guideline_action(g)) is not None]
    if not applicable:
        return None
    _best_g, best_a = max(applicable, key=lambda p: (p[0].specificity, _ACTION_RANK[p[1]]))
    cited = tuple(g.id for g, a in applicable if a == best_a)
    return best_a, cited


def business_priority(f: Facts) -> bool:
    if not f.has_problem:
        return False
    return bool(
        (f.account_value_usd is not None and f.account_value_usd >= 50_000)
        or f.plan == "enterprise"
        or (f.renewal_in_days is not None and 0 <= f.renewal_in_days <= 30)
        or (f.customer_since_days is not None and f.customer_since_days < 30)
        or f.incident_hit
        or (f.prior_contacts_same_issue is not None and f.prior_contacts_same_issue >= 3)
    )


def ai_unable(f: Facts) -> bool:
    return bool(
        f.failed_answers >= 2
        or f.user_says_unhelpful
        or f.loop
        or (f.ai_confidence is not None and f.ai_confidence < 0.3 and f.nontrivial_issue)
    )


def candidates(f: Facts) -> list[Label]:
    """Every reason that applies now, in priority order, with its usual decision."""
    out: list[Label] = []
    res = resolve_guidelines(f.guidelines)
    if res is not None:
        out.append(Label(res[0], "guideline", res[1]))
    if f.sensitive:
        out.append(Label("escalate", "sensitive"))
    if f.human_request and not f.request_acted_on:
        out.append(Label("offer" if f.request_first_bare else "escalate", "request"))
    if f.frustration > 0:
        strong = f.frustration >= 2 or f.frustration_turns >= 2 or f.failed_answers >= 2
        out.append(Label("escalate" if strong else "offer", "frustration"))
    if f.account_action:
        out.append(Label("escalate", "account_action"))
    if ai_unable(f):
        out.append(Label("offer", "ai_unable"))
    if business_priority(f):
        out.append(Label("offer", "business_priority"))
    return out


NONE = Label("continue", "none")


def label(f: Facts) -> Label:
    """The label labels.md gives to a conversation with these facts."""
    # Accepting an offer (even one a guideline prompted): escalate, request, no citation.
    if f.offer_response == "accepted":
        return Label("escalate", "request")
    # Declining an offer or saying they don't want a human: continue, none.
    # Decision: this holds even when a lower-priority signal (e.g. mild frustration) is
    # still around; the generator never pairs a decline with a sensitive case or a met
    # escalating guideline.
    if f.offer_response == "declined" or f.says_no_human:
        return NONE
    cands = candidates(f)
    if f.offer_pending:
        # Never offer twice in a row: only something stronger (an escalation) counts.
        for c in cands:
            if c.decision == "escalate":
                return c
        return NONE
    return cands[0] if cands else NONE


def check_label(lab: dict[str, object], guideline_ids: list[str]) -> list[str]:
    """Invariants every label must satisfy; returns a list of problems (empty if fine)."""
    problems: list[str] = []
    d, r, c = lab.get("decision"), lab.get("reason"), lab.get("citations")
    if d not in DECISIONS:
        problems.append(f"bad decision {d!r}")
    if r not in REASONS:
        problems.append(f"bad reason {r!r}")
    if not isinstance(c, list):
        return [*problems, "citations not a list"]
    if (r == "guideline") != bool(c):
        problems.append("citation iff reason guideline violated")
    if not set(c) <= set(guideline_ids):
        problems.append("citation not among the event's guidelines")
    if r == "none" and d != "continue":
        problems.append("reason none must be continue")
    return problems
