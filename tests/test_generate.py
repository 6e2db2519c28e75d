"""Tests for the synthetic training-data generator and the labels.md labeller."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from router_worker.training.generate import (
    LANGS,
    TEMPLATES,
    generate,
    main,
    split_holdout,
)
from router_worker.training.labeler import (
    DECISIONS,
    REASONS,
    Facts,
    GuidelineFact,
    check_label,
    label,
)

RFC3339 = re.compile(r"^2026-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return generate(2000, seed=11)


# ------------------------------------------------------------------ determinism


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    assert main(["--n", "300", "--seed", "5", "--out", str(a), "--quiet"]) == 0
    assert main(["--n", "300", "--seed", "5", "--out", str(b), "--quiet"]) == 0
    assert main(["--n", "300", "--seed", "6", "--out", str(c), "--quiet"]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_cli_holdout_and_languages(tmp_path: Path) -> None:
    out, val = tmp_path / "train.jsonl", tmp_path / "val.jsonl"
    rc = main(
        [
            "--n",
            "400",
            "--seed",
            "3",
            "--out",
            str(out),
            "--holdout-out",
            str(val),
            "--languages",
            "en,de",
            "--quiet",
        ]
    )
    assert rc == 0
    tr = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    va = [json.loads(x) for x in val.read_text(encoding="utf-8").splitlines()]
    assert len(tr) + len(va) == 400 and va
    langs = {(r["event"].get("language") or "en").split("-")[0] for r in tr + va}
    assert langs <= {"en", "de"}


# ------------------------------------------------------------------ records


def test_record_shape_and_event_rules(records: list[dict[str, Any]]) -> None:
    ids = set()
    for r in records:
        assert set(r) == {"event", "label", "note", "source", "template", "business"}
        assert r["source"] == "generated"
        ev = r["event"]
        assert ev["schema_version"] == 1
        assert ev["event_id"] not in ids
        ids.add(ev["event_id"])
        assert 1 <= len(ev["tenant_id"]) <= 128 and ev["tenant_id"] == r["business"]
        assert 1 <= len(ev["conversation_id"]) <= 256
        assert RFC3339.match(ev["sent_at"])
        msgs = ev["messages"]
        assert 1 <= len(msgs) <= 500
        assert msgs[-1]["role"] == "user"
        assert ev["turn_index"] == sum(m["role"] == "user" for m in msgs) - 1 >= 0
        for m in msgs:
            assert m["role"] in {"user", "assistant", "agent", "system"}
            assert 0 < len(m["text"]) <= 20000
            if "action" in m:
                assert m["role"] == "assistant"
                assert m["action"] in {"answer", "offer_escalation", "escalated"}
        gids = [g["id"] for g in ev["guidelines"]]
        assert len(gids) == len(set(gids)) and len(gids) <= 7
        assert all(1 <= len(g["text"]) <= 2000 for g in ev["guidelines"])
        assert isinstance(ev.get("context", {}), dict)


def test_events_validate_against_project_models(records: list[dict[str, Any]]) -> None:
    recs_mod = pytest.importorskip("router_worker.records")
    for r in records[:300]:
        recs_mod.TurnEvent.model_validate(r["event"])


def test_label_invariants(records: list[dict[str, Any]]) -> None:
    for r in records:
        lab = r["label"]
        gids = [g["id"] for g in r["event"]["guidelines"]]
        assert check_label(lab, gids) == [], (r["note"], lab)
        assert lab["decision"] in DECISIONS and lab["reason"] in REASONS
        assert (lab["reason"] == "guideline") == bool(lab["citations"])
        if lab["reason"] == "none":
            assert lab["decision"] == "continue"
        # tone/style guidelines are never cited
        for g in r["event"]["guidelines"]:
            if g["id"] in lab["citations"]:
                assert not g["id"].endswith(("-tone", "-style"))


def test_never_offer_twice(records: list[dict[str, Any]]) -> None:
    seen = 0
    for r in records:
        msgs = r["event"]["messages"]
        asst = [m for m in msgs if m["role"] == "assistant"]
        if not asst or asst[-1].get("action") != "offer_escalation":
            continue
        seen += 1
        lab = r["label"]
        assert lab["decision"] != "offer", r["note"]
        if lab["decision"] == "continue":
            assert lab["reason"] == "none", r["note"]
    assert seen > 20


def test_balance_and_coverage(records: list[dict[str, Any]]) -> None:
    n = len(records)
    dec = Counter(r["label"]["decision"] for r in records)
    rea = Counter(r["label"]["reason"] for r in records)
    assert 0.30 < dec["continue"] / n < 0.48
    assert 0.28 < dec["escalate"] / n < 0.46
    assert 0.15 < dec["offer"] / n < 0.32
    assert 0.22 < rea["guideline"] / n < 0.38
    assert 0.20 < rea["none"] / n < 0.36
    for reason in REASONS:
        assert rea[reason] / n > 0.04, reason
    langs = Counter((r["event"].get("language") or "?").split("-")[0] for r in records)
    for lang in LANGS:
        assert langs[lang] > 0.05 * n, lang
    assert langs["en"] > 0.45 * n
    assert len({r["business"] for r in records}) >= 40
    assert len({r["template"] for r in records}) >= 40


def test_threshold_scenarios_state_the_amount(records: list[dict[str, Any]]) -> None:
    for r in records:
        if "threshold" not in r["template"]:
            continue
        user_text = " ".join(m["text"] for m in r["event"]["messages"] if m["role"] == "user")
        assert re.search(r"\d", user_text), r


def test_one_sided_threshold_near_miss_has_no_lower_side(records: list[dict[str, Any]]) -> None:
    n = 0
    for r in records:
        if r["template"] != "none_threshold_unmet_one_sided":
            continue
        n += 1
        assert r["label"] == {"decision": "continue", "reason": "none", "citations": []}
    assert n > 0


def test_holdout_split_disjoint(records: list[dict[str, Any]]) -> None:
    train, val = split_holdout(records, frac=0.15, seed=1)
    assert len(train) + len(val) == len(records)
    assert train and val
    val_b = {r["business"] for r in val}
    val_t = {r["template"] for r in val}
    tr_b = {r["business"] for r in train}
    tr_t = {r["template"] for r in train}
    held_b = val_b - tr_b
    held_t = val_t - tr_t
    assert held_b and held_t
    for r in val:
        assert r["business"] in held_b or r["template"] in held_t
    for r in train:
        assert r["business"] not in held_b and r["template"] not in held_t
    assert 0.05 < len(val) / len(records) < 0.35


def test_templates_are_many() -> None:
    assert len(TEMPLATES) >= 40


# ------------------------------------------------------------------ labeller rules


def thr(amount: float, lower: str | None = None, upper: str = "gt") -> GuidelineFact:
    return GuidelineFact(
        "g-refunds",
        kind="threshold",
        topic_met=True,
        threshold=150.0,
        upper_op=upper,
        lower_op=lower,
        amount=amount,
    )  # type: ignore[arg-type]


def lab(**kw: Any) -> tuple[str, str, tuple[str, ...]]:
    out = label(Facts(**kw))
    return out.decision, out.reason, out.citations


def test_threshold_read_literally() -> None:
    assert lab(guidelines=(thr(150.0),)) == ("continue", "none", ())
    assert lab(guidelines=(thr(150.01),)) == ("escalate", "guideline", ("g-refunds",))
    assert lab(guidelines=(thr(150.0, lower="le"),)) == ("continue", "guideline", ("g-refunds",))
    assert lab(guidelines=(thr(149.0, lower="lt"),)) == ("continue", "guideline", ("g-refunds",))
    # "over 150 ... under 150": exactly 150 meets neither side
    assert lab(guidelines=(thr(150.0, lower="lt"),)) == ("continue", "none", ())
    assert lab(guidelines=(thr(150.0, upper="ge"),)) == ("escalate", "guideline", ("g-refunds",))
    assert lab(guidelines=(thr(90.0),)) == ("continue", "none", ())


def test_conflicts_specific_wins_then_escalate_wins() -> None:
    general = GuidelineFact("g-billing", topic_met=True, action="escalate", specificity=1)
    specific = GuidelineFact("g-promo", topic_met=True, action="continue", specificity=2)
    assert lab(guidelines=(general, specific)) == ("continue", "guideline", ("g-promo",))
    a = GuidelineFact("g-a", topic_met=True, action="continue")
    b = GuidelineFact("g-b", topic_met=True, action="escalate")
    c = GuidelineFact("g-c", topic_met=True, action="offer")
    assert lab(guidelines=(a, b, c)) == ("escalate", "guideline", ("g-b",))
    assert lab(guidelines=(a, c)) == ("offer", "guideline", ("g-c",))


def test_agreeing_guidelines_all_cited_unmet_not_cited() -> None:
    a = GuidelineFact("g-a", topic_met=True, action="escalate")
    b = GuidelineFact("g-b", topic_met=True, action="escalate", specificity=1)
    unmet = GuidelineFact("g-c", topic_met=False, action="escalate")
    tone = GuidelineFact("g-tone", kind="tone")
    assert lab(guidelines=(a, unmet, b, tone)) == ("escalate", "guideline", ("g-a", "g-b"))
    assert lab(guidelines=(unmet, tone)) == ("continue", "none", ())


def test_forbid_guideline_cited_with_continue() -> None:
    forbid = GuidelineFact("g-pricing", topic_met=True, action="continue")
    assert lab(guidelines=(forbid,)) == ("continue", "guideline", ("g-pricing",))
    # it outranks a request (priority order: guideline first)
    assert lab(guidelines=(forbid,), human_request=True) == (
        "continue",
        "guideline",
        ("g-pricing",),
    )


def test_offer_accept_decline() -> None:
    offer_rule = GuidelineFact("g-results", topic_met=True, action="offer")
    assert lab(guidelines=(offer_rule,), offer_pending=True, offer_response="accepted") == (
        "escalate",
        "request",
        (),
    )
    assert lab(offer_pending=True, offer_response="declined", frustration=1) == (
        "continue",
        "none",
        (),
    )
    assert lab(says_no_human=True) == ("continue", "none", ())


def test_never_offer_twice_rule() -> None:
    assert lab(offer_pending=True, failed_answers=2) == ("continue", "none", ())
    assert lab(offer_pending=True, frustration=1, frustration_turns=1) == ("continue", "none", ())
    assert lab(offer_pending=True, frustration=2, frustration_turns=2) == (
        "escalate",
        "frustration",
        (),
    )
    assert lab(offer_pending=True, sensitive="fraud") == ("escalate", "sensitive", ())


def test_requests() -> None:
    assert lab(human_request=True, request_first_bare=True) == ("offer", "request", ())
    assert lab(human_request=True) == ("escalate", "request", ())
    assert lab(human_request=True, request_acted_on=True) == ("continue", "none", ())


def test_priority_order() -> None:
    assert lab(sensitive="legal", human_request=True, frustration=2)[1] == "sensitive"
    assert lab(human_request=True, frustration=2) == ("escalate", "request", ())
    assert lab(frustration=1, frustration_turns=1, account_action="owner_change") == (
        "offer",
        "frustration",
        (),
    )
    assert lab(account_action="dispute_charge", failed_answers=2) == (
        "escalate",
        "account_action",
        (),
    )
    assert lab(failed_answers=2, has_problem=True, plan="enterprise") == ("offer", "ai_unable", ())
    g = GuidelineFact("g-x", topic_met=True, action="escalate")
    assert lab(guidelines=(g,), sensitive="fraud")[1] == "guideline"


def test_frustration_levels() -> None:
    assert lab(frustration=1, frustration_turns=1) == ("offer", "frustration", ())
    assert lab(frustration=2, frustration_turns=1) == ("escalate", "frustration", ())
    assert lab(frustration=1, frustration_turns=2) == ("escalate", "frustration", ())
    assert lab(frustration=1, frustration_turns=1, failed_answers=2) == (
        "escalate",
        "frustration",
        (),
    )


def test_ai_unable_and_business_priority_boundaries() -> None:
    assert lab(failed_answers=1) == ("continue", "none", ())
    assert lab(user_says_unhelpful=True) == ("offer", "ai_unable", ())
    assert lab(loop=True) == ("offer", "ai_unable", ())
    assert lab(ai_confidence=0.29, nontrivial_issue=True) == ("offer", "ai_unable", ())
    assert lab(ai_confidence=0.3, nontrivial_issue=True) == ("continue", "none", ())
    assert lab(ai_confidence=0.1, nontrivial_issue=False) == ("continue", "none", ())
    p = {"has_problem": True}
    assert lab(account_value_usd=50000, **p) == ("offer", "business_priority", ())
    assert lab(account_value_usd=49999, **p) == ("continue", "none", ())
    assert lab(account_value_usd=90000, has_problem=False) == ("continue", "none", ())
    assert lab(plan="enterprise", **p) == ("offer", "business_priority", ())
    assert lab(renewal_in_days=30, **p) == ("offer", "business_priority", ())
    assert lab(renewal_in_days=31, **p) == ("continue", "none", ())
    assert lab(customer_since_days=29, **p) == ("offer", "business_priority", ())
    assert lab(customer_since_days=30, **p) == ("continue", "none", ())
    assert lab(prior_contacts_same_issue=3, **p) == ("offer", "business_priority", ())
    assert lab(prior_contacts_same_issue=2, **p) == ("continue", "none", ())
    assert lab(incident_hit=True, **p) == ("offer", "business_priority", ())
    g = GuidelineFact("g-ent", topic_met=True, action="escalate")
    assert lab(guidelines=(g,), plan="enterprise", **p) == ("escalate", "guideline", ("g-ent",))


def test_generated_labels_follow_from_template_intent(records: list[dict[str, Any]]) -> None:
    """Spot checks that templates produce the labels their scenario is built for."""
    expect = {
        "req_bare_first": ("offer", "request"),
        "req_accept_guideline_offer": ("escalate", "request"),
        "none_decline_offer": ("continue", "none"),
        "none_acted_on": ("continue", "none"),
        "none_no_human": ("continue", "none"),
        "none_priority_near_miss": ("continue", "none"),
        "gl_threshold_lower": ("continue", "guideline"),
        "gl_forbid_over_request": ("continue", "guideline"),
        "ai_low_confidence": ("offer", "ai_unable"),
        "prio_incident": ("offer", "business_priority"),
        "frus_strong": ("escalate", "frustration"),
        "sens_with_request": ("escalate", "sensitive"),
    }
    seen = Counter()
    for r in records:
        if r["template"] in expect:
            seen[r["template"]] += 1
            got = (r["label"]["decision"], r["label"]["reason"])
            assert got == expect[r["template"]], (r["template"], r["note"])
    assert len(seen) >= len(expect) - 2
