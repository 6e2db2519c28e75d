from __future__ import annotations

import pytest

from router_worker.evaluate import Scored, compute_metrics, format_table, language_group, roc_auc
from router_worker.records import Label


def test_roc_auc_matches_hand_computation() -> None:
    assert roc_auc([0.1, 0.4, 0.35, 0.8], [False, False, True, True]) == pytest.approx(0.75)
    assert roc_auc([0.5, 0.5], [True, False]) == pytest.approx(0.5)
    assert roc_auc([0.2, 0.3], [True, True]) is None


def test_language_groups() -> None:
    assert language_group("pt-BR") == "pt" and language_group(None) == "unknown"


def _s(
    label: tuple[str, str, list[str]],
    pred: tuple[str, str] | None,
    cites: dict[str, float],
    lang: str = "en",
) -> Scored:
    lab = Label(decision=label[0], reason=label[1], citations=label[2])  # type: ignore[arg-type]
    if pred is None:
        return Scored(lab, tuple(cites), lang, fallback_reason="too_long")
    return Scored(lab, tuple(cites), lang, pred[0], pred[1], cites)


def test_metrics_covered_and_overall() -> None:
    items = [
        _s(("escalate", "guideline", ["g1"]), ("escalate", "guideline"), {"g1": 0.9, "g2": 0.1}),
        _s(("escalate", "request", []), ("continue", "none"), {"g1": 0.2}),
        _s(("offer", "frustration", []), ("offer", "frustration"), {}, lang="de"),
        _s(("continue", "none", []), None, {"g1": 0.0}),
    ]
    m = compute_metrics(items)
    assert m["n"] == 4 and m["covered"] == 3 and m["coverage"] == pytest.approx(0.75)
    assert m["escalation_accuracy"] == pytest.approx(2 / 3)
    assert m["escalation_accuracy_overall"] == pytest.approx(3 / 4)
    assert m["reason_accuracy"] == pytest.approx(2 / 3)
    assert m["missed_escalations"] == 1
    assert m["confusion"]["escalate"]["continue"] == 1
    assert m["citation_auc"] == pytest.approx(1.0)
    assert m["fallbacks"] == {"too_long": 1}
    assert set(m["by_language"]) == {"en", "de"}
    assert "missed escalations" in format_table(m)
