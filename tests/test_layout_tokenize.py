from __future__ import annotations

from pathlib import Path

import pytest
from tokenizers import Tokenizer

from router_worker.layout import render, render_context
from router_worker.records import Context, TurnEvent
from router_worker.tokenize import TextEncoder, pad_batch
from tests.conftest import make_event


def _event(**kw: object) -> TurnEvent:
    return TurnEvent.model_validate(make_event(**kw))


def test_layout_spans_cover_exactly_each_guideline_and_message() -> None:
    ev = _event()
    lay = render(ev)
    assert [lay.text[s:e] for s, e in lay.guideline_spans] == [g.text for g in ev.guidelines]
    assert lay.text[slice(*lay.message_spans[0])] == "user: Hi, where is my order #12345?"
    assert lay.text[slice(*lay.message_spans[-1])].startswith("user: It's been two weeks")
    assert (
        lay.text.index("guidelines:") < lay.text.index("context:") < lay.text.index("conversation:")
    )


def test_layout_is_deterministic_and_marks_offers() -> None:
    ev = _event(
        messages=[
            {"role": "user", "text": "refund please"},
            {"role": "assistant", "text": "Want a human?", "action": "offer_escalation"},
            {"role": "user", "text": "no"},
        ]
    )
    assert render(ev) == render(ev)
    assert "assistant (offered a human): Want a human?" in render(ev).text


def test_context_rendering_includes_known_and_extra_keys() -> None:
    ctx = Context.model_validate(
        {
            "plan": "enterprise",
            "account_value_usd": 50000.0,
            "renewal_in_days": 14,
            "loyalty_tier": "summit",
        }
    )
    text = render_context(ctx)
    assert "plan enterprise" in text and "account value 50000 usd" in text
    assert "renewal in 14 days" in text and "loyalty_tier summit" in text
    assert render_context(None) == "none"


def test_layout_char_budget_keeps_newest_messages() -> None:
    msgs = [{"role": "user", "text": f"message number {i} " + "x" * 80} for i in range(30)]
    lay = render(_event(messages=msgs), max_chars=1200)
    assert lay.dropped_messages > 0
    assert "message number 29" in lay.text and "message number 0 " not in lay.text
    assert not lay.too_long


def test_layout_too_long_when_last_message_alone_exceeds_budget() -> None:
    lay = render(_event(messages=[{"role": "user", "text": "y" * 5000}]), max_chars=1000)
    assert lay.too_long
    assert len(lay.text) < 1000


@pytest.fixture(scope="module")
def encoder(toy_model_dir: Path) -> TextEncoder:
    return TextEncoder(Tokenizer.from_file(str(toy_model_dir / "tokenizer.json")), max_length=160)


def test_token_spans_decode_to_the_guideline_text(encoder: TextEncoder) -> None:
    ev = _event()
    enc = encoder.encode_batch([ev])[0]
    assert not enc.too_long
    for (s, e), g in zip(enc.guideline_spans.tolist(), ev.guidelines, strict=True):
        decoded = encoder.tokenizer.decode(enc.input_ids[s:e].tolist()).replace(" ", "")
        assert decoded == g.text.lower().replace(" ", "")


def test_truncation_drops_oldest_messages_and_keeps_spans(encoder: TextEncoder) -> None:
    msgs = [
        {"role": "user", "text": f"turn {chr(97 + i) * 2} where is my order"} for i in range(12)
    ]
    ev = _event(messages=msgs)
    enc = encoder.encode_batch([ev])[0]
    assert not enc.too_long
    assert enc.n_tokens <= 160
    assert enc.dropped_messages > 0
    text = encoder.tokenizer.decode(enc.input_ids.tolist())
    assert "turn ll" in text and "turn aa" not in text
    # Dropping from the middle gives the same ids as tokenizing the shorter event.
    shorter = _event(messages=msgs[enc.dropped_messages :])
    assert encoder.encode_batch([shorter])[0].input_ids.tolist() == enc.input_ids.tolist()
    (s, e) = enc.guideline_spans[0]
    assert encoder.tokenizer.decode(enc.input_ids[s:e].tolist()).startswith("if the user asks")


def test_too_long_when_guidelines_and_last_message_do_not_fit(encoder: TextEncoder) -> None:
    ev = _event(messages=[{"role": "user", "text": "order " * 200}])
    assert encoder.encode_batch([ev])[0].too_long


def test_too_many_guidelines_is_too_long(encoder: TextEncoder) -> None:
    many = [{"id": f"g{i}", "text": "ok"} for i in range(40)]
    enc = TextEncoder(encoder.tokenizer, max_length=512, max_guidelines=32)
    assert enc.encode_batch([_event(guidelines=many)])[0].too_long


def test_pad_batch_shapes_and_masks(encoder: TextEncoder) -> None:
    a = encoder.encode_batch([_event()])[0]
    b = encoder.encode_batch([_event(guidelines=[], messages=[{"role": "user", "text": "hi"}])])[0]
    batch = pad_batch([a, b], encoder.pad_id)
    assert batch.input_ids.shape == (2, a.n_tokens)
    assert batch.attention_mask[1].sum() == b.n_tokens
    assert batch.guideline_spans.shape == (2, 2, 2)
    assert batch.guideline_spans[1].tolist() == [[0, 0], [0, 0]]
    assert batch.real_tokens == a.n_tokens + b.n_tokens


# ------------------------------------------------------------------ guideline-block cache
def _written_events(files: int = 3) -> list[TurnEvent]:
    import orjson

    from tests.conftest import SHARED

    events = []
    for path in sorted((SHARED / "train").glob("written_*.jsonl"))[:files]:
        for line in path.read_bytes().splitlines():
            events.append(TurnEvent.model_validate(orjson.loads(line)["event"]))
    assert events, "no written training records found"
    return events


def _byte_level_bpe(texts: list[str]) -> Tokenizer:
    """A small ModernBERT-style tokenizer: byte-level BPE, wrapped in [CLS] ... [SEP]."""
    from tokenizers import decoders, models, pre_tokenizers, processors, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=2000, special_tokens=["[PAD]", "[CLS]", "[SEP]"])
    tok.train_from_iterator(texts, trainer)
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        special_tokens=[("[CLS]", tok.token_to_id("[CLS]")), ("[SEP]", tok.token_to_id("[SEP]"))],
    )
    return tok


@pytest.mark.parametrize("family", ["wordpiece", "byte_level_bpe"])
@pytest.mark.parametrize("max_length", [96, 256])
def test_cached_guideline_block_encodes_exactly_like_the_whole_text(
    family: str, max_length: int
) -> None:
    from router_worker.app import default_model_dir

    events = _written_events()
    if family == "wordpiece":
        make = lambda: Tokenizer.from_file(str(default_model_dir() / "tokenizer.json"))  # noqa: E731
    else:
        texts = [render(e).text for e in events[:300]]
        make = lambda: _byte_level_bpe(texts)  # noqa: E731
    whole = TextEncoder(make(), max_length, prefix_cache=0)
    cached = TextEncoder(make(), max_length)
    assert whole._prefix is None and cached._prefix is not None
    a, b = whole.encode_batch(events), cached.encode_batch(events)
    # Twice: the second pass is served from the cache.
    c = cached.encode_batch(events)
    assert sum(x.dropped_messages > 0 for x in a) > 0  # the truncation path ran too
    for x, y, z in zip(a, b, c, strict=True):
        for got in (y, z):
            assert got.input_ids.tolist() == x.input_ids.tolist()
            assert got.guideline_spans.tolist() == x.guideline_spans.tolist()
            assert (got.too_long, got.dropped_messages) == (x.too_long, x.dropped_messages)


def test_guideline_text_containing_the_context_mark_is_not_split_there(
    encoder: TextEncoder,
) -> None:
    ev = _event(
        guidelines=[
            {"id": "g1", "text": "Escalate billing | context: disputes over 100 dollars."},
            {"id": "g2", "text": "Never escalate shipping questions."},
        ]
    )
    whole = TextEncoder(encoder.tokenizer, encoder.max_length, prefix_cache=0)
    x, y = whole.encode_batch([ev])[0], encoder.encode_batch([ev])[0]
    assert y.input_ids.tolist() == x.input_ids.tolist()
    assert y.guideline_spans.tolist() == x.guideline_spans.tolist()
