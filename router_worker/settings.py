"""Every knob of the worker in one place: its ``ROUTER_*`` environment variable and default.

CLI flags of ``router-worker run`` override these (see ``cli.py``); nothing else reads the
environment. ``KAFKA_BOOTSTRAP_SERVERS`` is honoured as an alias because it is what the
test fixture and most Kafka tooling export.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import orjson
from pydantic import AliasChoices, BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class TenantThresholds(BaseModel):
    """Per-tenant policy. ``None`` keeps the model's own argmax for that side.

    escalate: escalate when P(escalate) reaches this.
    offer: otherwise offer when P(escalate) + P(offer) reaches this (the probability that a
    human is needed at least as an offer); otherwise continue.
    """

    escalate: float | None = Field(default=None, ge=0, le=1)
    offer: float | None = Field(default=None, ge=0, le=1)
    min_confidence: float | None = Field(default=None, ge=0, le=1)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ROUTER_", env_nested_delimiter="__", extra="ignore", populate_by_name=True
    )

    # --- Kafka connection -----------------------------------------------------------------
    bootstrap_servers: str = Field(
        default="127.0.0.1:9092",
        validation_alias=AliasChoices(
            "ROUTER_BOOTSTRAP_SERVERS", "KAFKA_BOOTSTRAP_SERVERS", "bootstrap_servers"
        ),
    )
    client_id: str = "escalation-router"
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = None
    sasl_username: str | None = None
    sasl_password: SecretStr | None = None
    ssl_cafile: Path | None = None
    ssl_certfile: Path | None = None
    ssl_keyfile: Path | None = None
    ssl_check_hostname: bool = True

    # --- topics and group -----------------------------------------------------------------
    input_topic: str = "conversation.turns"
    decisions_topic: str = "routing.decisions"
    fallback_topic: str = "routing.llm-fallback"
    dead_letter_topic: str = "routing.dead-letter"
    group_id: str = "escalation-router"
    # One transactional producer per input partition: "<prefix>.<topic>.<partition>".
    transactional_id_prefix: str = "escalation-router"
    session_timeout_ms: int = Field(default=30_000, ge=1_000)
    heartbeat_interval_ms: int = Field(default=3_000, ge=100)
    max_poll_interval_ms: int = Field(default=300_000, ge=1_000)
    transaction_timeout_ms: int = Field(default=60_000, ge=1_000)
    fetch_max_records: int = Field(default=500, ge=1)

    # --- input limits -----------------------------------------------------------------------
    # Below Kafka's default max.message.bytes (1 MiB) with room for a FallbackRequest's
    # envelope, so every result of an accepted record can be published.
    max_record_bytes: int = Field(default=900_000, ge=1_024)

    # --- batching and backpressure -------------------------------------------------------
    max_batch_events: int = Field(default=64, ge=1)
    max_batch_tokens: int = Field(default=16_384, ge=64)
    max_wait_ms: float = Field(default=5.0, ge=0)
    # Events admitted but not yet published; above it the consumer pauses its partitions.
    max_inflight_events: int = Field(default=2_048, ge=1)
    resume_fraction: float = Field(default=0.5, gt=0, lt=1)
    encode_threads: int = Field(default=1, ge=1)
    # The tokenizer's own thread pool: "auto" turns it off when ONNX Runtime runs on the CPU
    # (its intra-op threads already take every core; both at once oversubscribe them).
    tokenizer_parallelism: Literal["auto", "on", "off"] = "auto"

    # --- model and engine -----------------------------------------------------------------
    # None: the default model shipped inside the package.
    model_dir: Path | None = None
    model_variant: Literal["auto", "fp32", "fp16", "int8"] = "auto"
    # Execution providers in order of preference; "auto" = TensorRT, CUDA, CPU when present.
    providers: Annotated[list[str], NoDecode] = Field(default_factory=lambda: ["auto"])
    intra_op_threads: int = Field(default=0, ge=0)  # 0: ONNX Runtime picks (physical cores)
    inter_op_threads: int = Field(default=1, ge=1)
    trt_cache_dir: Path | None = None

    # --- policy ----------------------------------------------------------------------------
    min_confidence: float | None = Field(default=None, ge=0, le=1)  # None: model card's
    citation_threshold: float | None = Field(default=None, ge=0, le=1)
    tenant_thresholds: dict[str, TenantThresholds] = Field(default_factory=dict)
    tenant_thresholds_file: Path | None = None
    guardrail_never_offer_twice: bool = True
    guardrail_first_message: bool = True
    # First-message guardrail: a bare request for a human on the first user message is an
    # offer; "bare" = every other reason's score below this.
    first_message_other_signal: float = Field(default=0.2, ge=0, le=1)

    # --- observability and lifecycle ----------------------------------------------------------
    metrics_host: str = "0.0.0.0"
    metrics_port: int = Field(default=9108, ge=0, le=65_535)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    shutdown_deadline_s: float = Field(default=25.0, gt=0)

    @field_validator("providers", mode="before")
    @classmethod
    def _split_providers(cls, v: Any) -> Any:
        # "CUDAExecutionProvider,CPUExecutionProvider" or a JSON list, from env or flag.
        if isinstance(v, str):
            if v.lstrip().startswith("["):
                return orjson.loads(v)
            return [p.strip() for p in v.split(",") if p.strip()]
        return v

    @model_validator(mode="after")
    def _load_tenants(self) -> Settings:
        if self.tenant_thresholds_file is not None:
            raw = orjson.loads(self.tenant_thresholds_file.read_bytes())
            loaded = {k: TenantThresholds.model_validate(v) for k, v in raw.items()}
            self.tenant_thresholds = {**loaded, **self.tenant_thresholds}
        if self.sasl_mechanism and not self.security_protocol.startswith("SASL"):
            raise ValueError("sasl_mechanism is set but security_protocol is not SASL_*")
        return self

    def kafka_common(self) -> dict[str, Any]:
        """Connection options shared by every aiokafka client, secrets included."""
        opts: dict[str, Any] = {
            "bootstrap_servers": self.bootstrap_servers,
            "client_id": self.client_id,
            "security_protocol": self.security_protocol,
        }
        if self.security_protocol in ("SSL", "SASL_SSL"):
            from aiokafka.helpers import create_ssl_context

            opts["ssl_context"] = create_ssl_context(
                cafile=str(self.ssl_cafile) if self.ssl_cafile else None,
                certfile=str(self.ssl_certfile) if self.ssl_certfile else None,
                keyfile=str(self.ssl_keyfile) if self.ssl_keyfile else None,
            )
            opts["ssl_context"].check_hostname = self.ssl_check_hostname
        if self.security_protocol.startswith("SASL"):
            opts["sasl_mechanism"] = self.sasl_mechanism or "PLAIN"
            opts["sasl_plain_username"] = self.sasl_username
            opts["sasl_plain_password"] = (
                self.sasl_password.get_secret_value() if self.sasl_password else None
            )
        return opts

    def redacted(self) -> dict[str, Any]:
        """Settings for logs: SecretStr already prints as '**********'."""
        return self.model_dump(mode="json", exclude={"tenant_thresholds"}) | {
            "tenants_with_thresholds": sorted(self.tenant_thresholds)
        }
