"""The metrics of labels.md over labelled records; shared by ``router-worker eval`` and training.

Accuracy figures are over the records the encoder decided itself (``covered``). The
``*_overall`` variants count every fallback record as correct, i.e. as if the LLM fallback
were perfect, so both views of the same run are visible side by side.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from router_worker.records import DECISIONS, Label


@dataclass(frozen=True, slots=True)
class Scored:
    """One labelled record and what the system did with it."""

    label: Label
    guideline_ids: tuple[str, ...]
    language: str | None
    # None when the event went to the LLM fallback instead of being decided here.
    decision: str | None = None
    reason: str | None = None
    citation_scores: dict[str, float] = field(default_factory=dict)
    fallback_reason: str | None = None

    @property
    def covered(self) -> bool:
        return self.decision is not None


def language_group(language: str | None) -> str:
    """'pt-BR' and 'pt-PT' are both Portuguese; a missing hint is 'unknown'."""
    if not language:
        return "unknown"
    return language.split("-")[0].split("_")[0].lower()


def roc_auc(scores: Sequence[float], positives: Sequence[bool]) -> float | None:
    """ROC AUC by the rank-sum formula, ties averaged; None when one class is absent."""
    n_pos = sum(1 for p in positives if p)
    n_neg = len(positives) - n_pos
    if n_pos == 0 or n_neg == 0:
        return None
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        avg = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[order[k]] = avg
        i = j + 1
    rank_sum = sum(r for r, p in zip(ranks, positives, strict=True) if p)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def _f1_per_class(pairs: Sequence[tuple[str, str]], classes: Sequence[str]) -> dict[str, float]:
    out = {}
    for c in classes:
        tp = sum(1 for t, p in pairs if t == c and p == c)
        fp = sum(1 for t, p in pairs if t != c and p == c)
        fn = sum(1 for t, p in pairs if t == c and p != c)
        denom = 2 * tp + fp + fn
        out[c] = 2 * tp / denom if denom else 0.0
    return out


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def compute_metrics(items: Sequence[Scored], with_languages: bool = True) -> dict[str, Any]:
    n = len(items)
    covered = [s for s in items if s.covered]
    nc = len(covered)
    dec_ok = sum(1 for s in covered if s.decision == s.label.decision)
    rea_ok = sum(1 for s in covered if s.reason == s.label.reason)
    fallbacks = n - nc

    cit_scores: list[float] = []
    cit_truth: list[bool] = []
    for s in covered:
        cited = set(s.label.citations)
        for gid in s.guideline_ids:
            cit_scores.append(s.citation_scores.get(gid, 0.0))
            cit_truth.append(gid in cited)

    pairs = [(s.label.decision, s.decision or "") for s in covered]
    f1 = _f1_per_class(pairs, DECISIONS)
    confusion: dict[str, dict[str, int]] = {t: {p: 0 for p in DECISIONS} for t in DECISIONS}
    for t, p in pairs:
        confusion[t][p] += 1
    fallback_reasons: dict[str, int] = defaultdict(int)
    for s in items:
        if not s.covered:
            fallback_reasons[s.fallback_reason or "unknown"] += 1

    result: dict[str, Any] = {
        "n": n,
        "covered": nc,
        "coverage": _ratio(nc, n),
        "escalation_accuracy": _ratio(dec_ok, nc),
        "reason_accuracy": _ratio(rea_ok, nc),
        "citation_auc": roc_auc(cit_scores, cit_truth),
        "citation_pairs": len(cit_truth),
        "macro_f1": sum(f1.values()) / len(f1) if nc else None,
        "f1": f1,
        "missed_escalations": confusion["escalate"]["continue"],
        "missed_escalation_rate": _ratio(
            confusion["escalate"]["continue"], sum(confusion["escalate"].values())
        ),
        "escalation_accuracy_overall": _ratio(dec_ok + fallbacks, n),
        "reason_accuracy_overall": _ratio(rea_ok + fallbacks, n),
        "confusion": confusion,
        "fallbacks": dict(sorted(fallback_reasons.items())),
    }
    if with_languages:
        groups: dict[str, list[Scored]] = defaultdict(list)
        for s in items:
            groups[language_group(s.language)].append(s)
        result["by_language"] = {
            lang: _summary(compute_metrics(g, with_languages=False))
            for lang, g in sorted(groups.items())
        }
    return result


def _summary(m: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "n",
        "coverage",
        "escalation_accuracy",
        "reason_accuracy",
        "citation_auc",
        "macro_f1",
        "missed_escalations",
    )
    return {k: m[k] for k in keys}


def format_table(m: dict[str, Any]) -> str:
    """A plain-text report for people; ``--json`` gives the same numbers for machines."""

    def pct(x: float | None) -> str:
        return "   n/a" if x is None else f"{100 * x:6.2f}%"

    lines = [
        f"records            {m['n']}",
        f"coverage           {pct(m['coverage'])}  ({m['covered']} decided by the encoder)",
        f"escalation acc     {pct(m['escalation_accuracy'])}"
        f"  overall {pct(m['escalation_accuracy_overall'])}",
        f"reason acc         {pct(m['reason_accuracy'])}"
        f"  overall {pct(m['reason_accuracy_overall'])}",
        f"citation AUC       {pct(m['citation_auc'])}  over {m['citation_pairs']} pairs",
        f"macro-F1           {pct(m['macro_f1'])}",
        f"missed escalations {m['missed_escalations']} (escalate predicted continue)",
        f"fallbacks          {m['fallbacks'] or 'none'}",
        "",
        "confusion (rows: label, columns: predicted)",
        "            " + "".join(f"{p:>10}" for p in DECISIONS),
    ]
    for t in DECISIONS:
        lines.append(f"{t:>10}  " + "".join(f"{m['confusion'][t][p]:>10}" for p in DECISIONS))
    if "by_language" in m:
        lines += ["", "language      n  coverage  esc.acc  rsn.acc  cit.AUC  missed"]
        for lang, s in m["by_language"].items():
            lines.append(
                f"{lang:<9}{s['n']:>6}  {pct(s['coverage'])} {pct(s['escalation_accuracy'])}"
                f" {pct(s['reason_accuracy'])} {pct(s['citation_auc'])}"
                f"  {s['missed_escalations']:>5}"
            )
    return "\n".join(lines)
