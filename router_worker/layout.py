"""TurnEvent -> the one text the encoder reads, with the character span of every piece.

Training and serving both call ``render``; changing the layout means retraining, so the
layout's version is recorded in the model card and checked when a model loads.

Order: guidelines first (so they are never cut), then the business context as short text,
then the conversation oldest-to-newest with role markers. The tokenizer step decides which
of the oldest messages to drop when the whole does not fit; this module only bounds the
characters it hands over, so a 20,000-character message never reaches the tokenizer.
"""

from __future__ import annotations

from dataclasses import dataclass

from router_worker.records import Context, Message, TurnEvent

LAYOUT_VERSION = 1

_ACTION_MARK = {
    None: "",
    "answer": "",
    "offer_escalation": " (offered a human)",
    "escalated": " (handed off to a human)",
}
_ROLE_MARK = {"user": "user", "assistant": "assistant", "agent": "human agent", "system": "system"}


@dataclass(frozen=True, slots=True)
class Layout:
    """The rendered text and where each piece sits in it (character offsets, [start, end))."""

    text: str
    guideline_spans: tuple[tuple[int, int], ...]
    # One span per message kept, oldest first; the whole message line including its role mark.
    message_spans: tuple[tuple[int, int], ...]
    # How many of the event's oldest messages were left out to respect max_chars.
    dropped_messages: int
    # The index (into message_spans) of the first message that must be kept: the last user
    # message and everything after it. Dropping stops there.
    required_from: int
    # True when the guidelines, the context and the required messages alone exceed max_chars.
    too_long: bool
    # Where the guideline block ends and the context begins (the space before "| context:");
    # the tokenizer may tokenize the two sides apart (see tokenize.py).
    context_from: int = 0


def _fmt_number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def render_context(ctx: Context | None, max_extra_chars: int = 200) -> str:
    """The business context as short text; absent keys are simply not mentioned."""
    if ctx is None:
        return "none"
    parts: list[str] = []
    if ctx.plan is not None:
        parts.append(f"plan {ctx.plan}")
    if ctx.account_value_usd is not None:
        parts.append(f"account value {_fmt_number(ctx.account_value_usd)} usd")
    if ctx.renewal_in_days is not None:
        parts.append(f"renewal in {ctx.renewal_in_days} days")
    if ctx.customer_since_days is not None:
        parts.append(f"customer for {ctx.customer_since_days} days")
    if ctx.prior_contacts_7d is not None:
        parts.append(f"{ctx.prior_contacts_7d} contacts in last 7 days")
    if ctx.page is not None:
        parts.append(f"page {ctx.page[:120]}")
    if ctx.open_incident is not None:
        parts.append(f"open incident {ctx.open_incident[:200]}")
    if ctx.ai_confidence is not None:
        parts.append(f"ai confidence {ctx.ai_confidence:.2f}")
    extra = []
    for key, value in ctx.extras().items():
        # Only short scalars: nested objects are passed on in the event but say little here.
        if isinstance(value, str | int | float | bool):
            extra.append(f"{key} {str(value)[:60]}")
    extra_text = "; ".join(extra)[:max_extra_chars]
    if extra_text:
        parts.append(extra_text)
    return "; ".join(parts) if parts else "none"


def render_message(m: Message) -> str:
    text = " ".join(m.text.split())
    return f"{_ROLE_MARK[m.role]}{_ACTION_MARK[m.action]}: {text}"


def _required_from(messages: list[Message]) -> int:
    for i in range(len(messages) - 1, -1, -1):
        if messages[i].role == "user":
            return i
    return len(messages) - 1


def render(event: TurnEvent, max_chars: int = 12_000) -> Layout:
    """Render an event; deterministic, and the same for training and serving."""
    out: list[str] = ["guidelines:"]
    pos = len(out[0])
    gspans: list[tuple[int, int]] = []
    for i, g in enumerate(event.guidelines, start=1):
        marker = f" [{i}] "
        gtext = " ".join(g.text.split())
        start = pos + len(marker)
        out.append(marker + gtext)
        pos += len(marker) + len(gtext)
        gspans.append((start, pos))
    if not event.guidelines:
        out.append(" none")
        pos += 5
    context_from = pos
    ctx = " | context: " + render_context(event.context)
    out.append(ctx)
    pos += len(ctx)
    head = " | conversation:"
    out.append(head)
    pos += len(head)

    rendered = [render_message(m) for m in event.messages]
    required = _required_from(event.messages)
    budget = max_chars - pos
    # Newest first: keep messages while they fit, always keeping the required tail.
    keep_from = len(rendered)
    used = 0
    too_long = False
    for i in range(len(rendered) - 1, -1, -1):
        cost = len(rendered[i]) + 1
        if used + cost > budget:
            if i >= required:
                too_long = True
            break
        used += cost
        keep_from = i
    if too_long:
        # Keep the text bounded; the event goes to the fallback anyway.
        keep_from = len(rendered)

    mspans: list[tuple[int, int]] = []
    for line in rendered[keep_from:]:
        out.append(" " + line)
        start = pos + 1
        pos += 1 + len(line)
        mspans.append((start, pos))
    return Layout(
        text="".join(out),
        guideline_spans=tuple(gspans),
        message_spans=tuple(mspans),
        dropped_messages=keep_from,
        required_from=max(required - keep_from, 0),
        too_long=too_long,
        context_from=context_from,
    )
