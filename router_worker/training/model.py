"""The escalation model: a small encoder backbone plus three heads.

* decision: linear over the mean-pooled hidden states (mean over the attention mask). Mean
  pooling is used rather than [CLS] because the MiniLM sentence-transformer backbone was
  trained with mean pooling, and it does not depend on a [CLS] token at position 0, so the
  same head works for ModernBERT-style backbones too.
* reason: linear over the same pooled vector.
* citation: for every guideline span [start, end), the mean of the hidden states over the
  span; the citation logit is a linear function of [span mean, pooled conversation vector].
  The pooled vector is added because whether a guideline applies depends on the
  conversation, not only on the guideline's own tokens (its tokens do attend to the
  conversation, but giving the head the pooled vector too makes this much easier to learn).

``forward`` returns logits (for training); ``ExportWrapper`` turns them into the ONNX contract
(softmax / sigmoid probabilities, citation probability 0 on padding guideline slots).

Nothing here may be imported by serving code: it needs torch and transformers.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import torch
import torch.nn.functional as F
from safetensors.torch import load_file, save_file
from torch import nn
from transformers import AutoConfig, AutoModel, PretrainedConfig, PreTrainedModel

from router_worker.records import DECISIONS, REASONS

BACKBONE_DIR = "backbone"
HEADS_FILE = "heads.safetensors"
MODEL_CONFIG_FILE = "model_config.json"
TRAIN_CONFIG_FILE = "train_config.json"


@dataclass
class HeadConfig:
    """What the heads need besides the backbone; saved beside the checkpoint."""

    n_decisions: int = len(DECISIONS)
    n_reasons: int = len(REASONS)
    dropout: float = 0.1
    decisions: list[str] = field(default_factory=lambda: list(DECISIONS))
    reasons: list[str] = field(default_factory=lambda: list(REASONS))
    backbone_name: str = ""


@dataclass
class LossConfig:
    decision_weight: float = 1.0
    reason_weight: float = 1.0
    citation_weight: float = 1.0
    label_smoothing: float = 0.05
    # Multiplies the positive term of the citation BCE: positives are ~8% of guideline slots.
    citation_pos_weight: float = 2.0


class ModelOutput(NamedTuple):
    decision_logits: torch.Tensor  # [B, 3]
    reason_logits: torch.Tensor  # [B, 8]
    citation_logits: torch.Tensor  # [B, G]
    guideline_mask: torch.Tensor  # [B, G] bool, True for real guideline slots


def mean_pool(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """Mean of hidden states over the real tokens: [B, T, H] -> [B, H]."""
    m = attention_mask.to(hidden.dtype).unsqueeze(-1)
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)


def span_mean_pool(
    hidden: torch.Tensor, spans: torch.Tensor, attention_mask: torch.Tensor | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """Mean of hidden states over each token span [start, end).

    hidden [B, T, H], spans int64 [B, G, 2] -> (means [B, G, H], valid [B, G] bool).
    Built from comparisons with ``arange(T)`` and a batched matmul so that it exports to ONNX
    with dynamic batch, sequence and guideline axes (no Python loops, no gather on ragged
    data). A slot with end <= start is padding: its mean is 0 and it is marked invalid.
    """
    t = hidden.shape[1]
    pos = torch.arange(t, device=hidden.device).view(1, 1, t)
    starts = spans[..., 0:1]
    ends = spans[..., 1:2]
    sel = (pos >= starts) & (pos < ends)  # [B, G, T]
    if attention_mask is not None:
        sel = sel & attention_mask.unsqueeze(1).bool()
    weights = sel.to(hidden.dtype)
    counts = weights.sum(-1, keepdim=True).clamp(min=1.0)
    means = torch.bmm(weights, hidden) / counts
    valid = (spans[..., 1] > spans[..., 0]) & (sel.any(-1))
    return means, valid


class EscalationModel(nn.Module):
    def __init__(self, backbone: PreTrainedModel, head_config: HeadConfig | None = None) -> None:
        super().__init__()
        self.backbone = backbone
        self.head_config = head_config or HeadConfig()
        hc = self.head_config
        hidden = int(backbone.config.hidden_size)
        self.dropout = nn.Dropout(hc.dropout)
        self.decision_head = nn.Linear(hidden, hc.n_decisions)
        self.reason_head = nn.Linear(hidden, hc.n_reasons)
        self.citation_head = nn.Linear(2 * hidden, 1)
        for lin in (self.decision_head, self.reason_head, self.citation_head):
            nn.init.normal_(lin.weight, std=0.02)
            nn.init.zeros_(lin.bias)

    # -- construction -------------------------------------------------------------------

    @classmethod
    def from_pretrained(
        cls, backbone_dir: str | Path, head_config: HeadConfig | None = None, **kwargs: Any
    ) -> EscalationModel:
        """A pretrained backbone from a local directory (no hub access) and fresh heads."""
        backbone = AutoModel.from_pretrained(str(backbone_dir), **kwargs)
        hc = head_config or HeadConfig()
        if not hc.backbone_name:
            hc.backbone_name = _backbone_name(backbone.config, backbone_dir)
        return cls(backbone, hc)

    @classmethod
    def from_config(
        cls, config: PretrainedConfig, head_config: HeadConfig | None = None
    ) -> EscalationModel:
        """A randomly initialised backbone (tests)."""
        backbone = AutoModel.from_config(config)
        hc = head_config or HeadConfig()
        if not hc.backbone_name:
            hc.backbone_name = f"random-{config.model_type}"
        return cls(backbone, hc)

    # -- forward ------------------------------------------------------------------------

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        guideline_spans: torch.Tensor,
    ) -> ModelOutput:
        # No token_type_ids: BERT fills zeros itself, ModernBERT has none.
        hidden = self.backbone(input_ids=input_ids, attention_mask=attention_mask)[0]
        pooled = mean_pool(hidden, attention_mask)
        pooled_d = self.dropout(pooled)
        decision_logits = self.decision_head(pooled_d)
        reason_logits = self.reason_head(pooled_d)
        span_means, valid = span_mean_pool(hidden, guideline_spans, attention_mask)
        ctx = pooled.unsqueeze(1).expand(-1, span_means.shape[1], -1)
        feats = self.dropout(torch.cat([span_means, ctx], dim=-1))
        citation_logits = self.citation_head(feats).squeeze(-1)
        return ModelOutput(decision_logits, reason_logits, citation_logits, valid)

    # -- persistence --------------------------------------------------------------------

    def head_state_dict(self) -> dict[str, torch.Tensor]:
        return {
            k: v.detach().cpu().contiguous()
            for k, v in self.state_dict().items()
            if not k.startswith("backbone.")
        }

    def save_checkpoint(
        self, out_dir: str | Path, train_config: dict[str, Any] | None = None
    ) -> Path:
        """Backbone (config + safetensors), heads (safetensors), head and training configs."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        self.backbone.save_pretrained(str(out / BACKBONE_DIR), safe_serialization=True)
        save_file(self.head_state_dict(), str(out / HEADS_FILE))
        (out / MODEL_CONFIG_FILE).write_text(json.dumps(asdict(self.head_config), indent=2) + "\n")
        if train_config is not None:
            (out / TRAIN_CONFIG_FILE).write_text(
                json.dumps(train_config, indent=2, default=str) + "\n"
            )
        return out

    @classmethod
    def load_checkpoint(cls, ckpt_dir: str | Path, **kwargs: Any) -> EscalationModel:
        """Load what ``save_checkpoint`` wrote; works offline (local files only)."""
        ckpt = Path(ckpt_dir)
        hc = HeadConfig(**json.loads((ckpt / MODEL_CONFIG_FILE).read_text()))
        backbone = AutoModel.from_pretrained(str(ckpt / BACKBONE_DIR), **kwargs)
        model = cls(backbone, hc)
        missing, unexpected = model.load_state_dict(load_file(str(ckpt / HEADS_FILE)), strict=False)
        missing = [k for k in missing if not k.startswith("backbone.")]
        if missing or unexpected:
            raise ValueError(
                f"checkpoint heads mismatch: missing={missing} unexpected={unexpected}"
            )
        return model


def _backbone_name(config: PretrainedConfig, backbone_dir: str | Path) -> str:
    """A readable name for the card: the hub id in config.json, else the directory's name."""
    raw = Path(str(backbone_dir)) / "config.json"
    name = ""
    if raw.is_file():
        name = str(json.loads(raw.read_text()).get("_name_or_path") or "")
    if name and not name.startswith(("/", ".")):
        return name
    d = Path(str(backbone_dir)).resolve()
    # Packaged models often live in a generic "model" folder inside the package.
    return d.parent.name if d.name in {"model", "backbone"} else d.name


def load_backbone_config(ckpt_dir: str | Path) -> PretrainedConfig:
    return AutoConfig.from_pretrained(str(Path(ckpt_dir) / BACKBONE_DIR))


class ExportWrapper(nn.Module):
    """The ONNX contract: probabilities, citation probability 0 on padding slots."""

    def __init__(self, model: EscalationModel) -> None:
        super().__init__()
        self.model = model

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        guideline_spans: torch.Tensor,
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        out = self.model(input_ids, attention_mask, guideline_spans)
        decision = torch.softmax(out.decision_logits.float(), dim=-1)
        reason = torch.softmax(out.reason_logits.float(), dim=-1)
        citation = torch.sigmoid(out.citation_logits.float()) * out.guideline_mask.float()
        return decision, reason, citation


def compute_loss(
    out: ModelOutput,
    decision: torch.Tensor,
    reason: torch.Tensor,
    citations: torch.Tensor,
    cfg: LossConfig,
    decision_class_weights: torch.Tensor | None = None,
    reason_class_weights: torch.Tensor | None = None,
) -> tuple[torch.Tensor, dict[str, float]]:
    """CE(decision) + CE(reason) + mean BCE over real guideline slots, weighted."""
    l_dec = F.cross_entropy(
        out.decision_logits.float(),
        decision,
        weight=decision_class_weights,
        label_smoothing=cfg.label_smoothing,
    )
    l_rea = F.cross_entropy(
        out.reason_logits.float(),
        reason,
        weight=reason_class_weights,
        label_smoothing=cfg.label_smoothing,
    )
    mask = out.guideline_mask.float()
    g = out.citation_logits.shape[1]
    targets = citations[:, :g].float()
    pos_weight = torch.tensor(cfg.citation_pos_weight, device=targets.device)
    bce = F.binary_cross_entropy_with_logits(
        out.citation_logits.float(), targets, reduction="none", pos_weight=pos_weight
    )
    l_cit = (bce * mask).sum() / mask.sum().clamp(min=1.0)
    total = cfg.decision_weight * l_dec + cfg.reason_weight * l_rea + cfg.citation_weight * l_cit
    parts = {
        "decision": float(l_dec.detach()),
        "reason": float(l_rea.detach()),
        "citation": float(l_cit.detach()),
    }
    return total, parts
