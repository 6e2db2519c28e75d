"""Security basics: SASL (SCRAM, PLAIN) and TLS against a real broker, no secret leaks, and
the metrics/health server's bind address, routes and read-only-ness.

The broker tests start a second broker with ``scripts/kafka.sh`` (its own ports and data dir)
with the opt-in listeners ``SASL_PLAINTEXT`` (``KAFKA_SASL_PORT``) and, when openssl is
there, ``SASL_SSL`` (``KAFKA_SSL_PORT``, a certificate from a throwaway CA made here), and one
SCRAM/PLAIN user.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import secrets
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest

from router_worker.metrics import HealthServer, Metrics
from router_worker.settings import Settings
from tests.conftest import make_event
from tests.kafka_fixture import KAFKA_SH, UNAVAILABLE, _create_topic, run_async
from tests.kafka_helpers import REPO, Topics, WorkerProcess, free_port, produce

USER = "router"


# ------------------------------------------------------------------------------ the SASL broker
@dataclass
class SaslBroker:
    plain_bootstrap: str  # PLAINTEXT listener: admin and test producers
    sasl_bootstrap: str  # SASL_PLAINTEXT listener: what the worker uses
    password: str
    env: dict[str, str]
    ssl_bootstrap: str | None = None  # SASL_SSL listener, when openssl made a certificate
    ca: Path | None = None  # the CA that signed the broker's certificate

    def topics(self, partitions: int = 2) -> Topics:
        names = [f"{p}-{uuid.uuid4().hex[:8]}" for p in ("in", "dec", "fb", "dlq")]
        for name, parts in zip(names, (partitions, partitions, 1, 1), strict=True):
            run_async(lambda n=name, k=parts: _create_topic(self.plain_bootstrap, n, k, None), 45)
        return Topics(*names)


def make_certs(d: Path) -> tuple[Path, Path]:
    """A throwaway CA and a server certificate for 127.0.0.1/localhost signed by it.

    Returns (ca.pem, keystore.pem: the server's PKCS#8 key + certificate, for the broker).
    """

    def ssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=d, check=True, capture_output=True, timeout=60)

    ssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test-ca",
        "-keyout", "ca.key", "-out", "ca.pem",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )  # fmt: skip
    ssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
        "-keyout", "srv.key", "-out", "srv.csr")  # fmt: skip
    (d / "ext.cnf").write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"
    )
    ssl("x509", "-req", "-in", "srv.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "2", "-out", "srv.pem", "-extfile", "ext.cnf")  # fmt: skip
    keystore = d / "keystore.pem"
    keystore.write_bytes((d / "srv.key").read_bytes() + (d / "srv.pem").read_bytes())
    return d / "ca.pem", keystore


def _ports(n: int) -> list[int]:
    ports: set[int] = set()
    while len(ports) < n:
        ports.add(free_port())
    return sorted(ports)


@pytest.fixture(scope="module")
def sasl_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SaslBroker]:
    port, ctrl, sasl, tls = _ports(4)
    # Letters, digits and -_ only (what the script accepts); long enough to be unique in logs.
    password = "pw-" + secrets.token_urlsafe(18)
    env = dict(os.environ)
    env.pop("KAFKA_BOOTSTRAP_SERVERS", None)
    env.update(
        KAFKA_PORT=str(port),
        KAFKA_CONTROLLER_PORT=str(ctrl),
        KAFKA_SASL_PORT=str(sasl),
        KAFKA_SASL_USER=USER,
        KAFKA_SASL_PASSWORD=password,
        KAFKA_DATA_DIR=str(tmp_path_factory.mktemp("kafka-sasl")),
        PYTHON=sys.executable,
    )
    ca: Path | None = None
    if shutil.which("openssl"):
        ca, keystore = make_certs(tmp_path_factory.mktemp("tls"))
        env.update(KAFKA_SSL_PORT=str(tls), KAFKA_SSL_KEYSTORE_PEM=str(keystore))
    proc = subprocess.run(
        ["bash", str(KAFKA_SH), "start"], env=env, capture_output=True, text=True, timeout=600
    )
    if proc.returncode != 0:
        pytest.skip(f"{UNAVAILABLE} SASL broker did not start:\n{proc.stderr[-3000:]}")
    # The script never prints the password.
    assert password not in proc.stdout + proc.stderr
    try:
        yield SaslBroker(
            f"127.0.0.1:{port}",
            f"127.0.0.1:{sasl}",
            password,
            env,
            f"127.0.0.1:{tls}" if ca else None,
            ca,
        )
    finally:
        subprocess.run(["bash", str(KAFKA_SH), "stop"], env=env, capture_output=True, timeout=90)


def _sasl_env(
    broker: SaslBroker,
    topics: Topics,
    mechanism: str,
    password: str,
    tls: bool = False,
    ca: Path | None = None,
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ROUTER_", "KAFKA_"))}
    if tls:
        assert broker.ssl_bootstrap is not None
        env.update(ROUTER_SSL_CAFILE=str(ca or broker.ca))
    env.update(
        ROUTER_BOOTSTRAP_SERVERS=broker.ssl_bootstrap if tls else broker.sasl_bootstrap,
        ROUTER_SECURITY_PROTOCOL="SASL_SSL" if tls else "SASL_PLAINTEXT",
        ROUTER_SASL_MECHANISM=mechanism,
        ROUTER_SASL_USERNAME=USER,
        ROUTER_SASL_PASSWORD=password,
        ROUTER_INPUT_TOPIC=topics.input,
        ROUTER_DECISIONS_TOPIC=topics.decisions,
        ROUTER_FALLBACK_TOPIC=topics.fallback,
        ROUTER_DEAD_LETTER_TOPIC=topics.dead_letter,
    )
    return env


def _verify_cli(env: dict[str, str], *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "router_worker.cli", "verify", *extra],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
    )


@pytest.mark.parametrize(
    ("protocol", "mechanism"), [("SASL_PLAINTEXT", "SCRAM-SHA-256"), ("SASL_SSL", "SCRAM-SHA-512")]
)
def test_worker_over_sasl_processes_events_and_leaks_no_secret(
    sasl_broker: SaslBroker, toy_model_dir: Path, tmp_path: Path, protocol: str, mechanism: str
) -> None:
    tls = protocol == "SASL_SSL"
    if tls and sasl_broker.ssl_bootstrap is None:
        pytest.skip("openssl not installed: no TLS listener")
    topics = sasl_broker.topics()
    n = 200
    records = []
    for i in range(n):
        ev = make_event(i, conversation_id=f"sasl-conv-{i % 20}", turn_index=i // 20)
        records.append((ev["conversation_id"].encode(), orjson.dumps(ev)))
    produce(sasl_broker.plain_bootstrap, topics.input, records)
    security: dict[str, Any] = {
        "security_protocol": protocol,
        "sasl_mechanism": mechanism,
        "sasl_username": USER,
        "sasl_password": sasl_broker.password,
    }
    if tls:
        security["ssl_cafile"] = sasl_broker.ca  # hostname checked: the cert names 127.0.0.1
    bootstrap = sasl_broker.ssl_bootstrap if tls else sasl_broker.sasl_bootstrap
    assert bootstrap is not None
    w = WorkerProcess(bootstrap, topics, toy_model_dir, f"g-{protocol}", tmp_path, **security)
    try:
        w.wait_ready(timeout=120)
        # The checker connects the same way (with the other SCRAM hash, the same user).
        other = "SCRAM-SHA-512" if mechanism == "SCRAM-SHA-256" else "SCRAM-SHA-256"
        env = _sasl_env(sasl_broker, topics, other, sasl_broker.password, tls=tls)
        res = _verify_cli(env, "--json", "--timeout", "120", "--idle", "1")
        assert res.returncode == 0, res.stdout + res.stderr + w.logs()
        report = orjson.loads(res.stdout)
        assert report["inputs"] == n and report["decisions"] == n and report["ok"]
        # No secret in logs, metrics, health answers or the checker's output.
        status, metrics = w.http("/metrics")
        assert status == 200 and "router_events_in_total" in metrics
        bodies = [metrics, w.http("/readyz")[1], w.http("/healthz")[1], res.stdout, res.stderr]
        assert w.terminate() == 0
        log = w.log_path.read_text(errors="replace")
        assert '"sasl_password":"**********"' in log  # the settings are logged, redacted
        for text in [log, *bodies]:
            assert sasl_broker.password not in text
    finally:
        w.close()


def test_plain_mechanism_and_settings_wiring(sasl_broker: SaslBroker) -> None:
    topics = sasl_broker.topics(partitions=1)
    produce(sasl_broker.plain_bootstrap, topics.input, [(b"k", orjson.dumps(make_event(1)))])
    env = _sasl_env(sasl_broker, topics, "PLAIN", sasl_broker.password)
    res = _verify_cli(env, "--json")
    # Reached the broker over SASL/PLAIN and read the topics: one input, not yet processed.
    assert res.returncode == 1, res.stderr
    assert orjson.loads(res.stdout)["lost"] == 1
    assert sasl_broker.password not in res.stdout + res.stderr


@pytest.mark.parametrize("mechanism", ["SCRAM-SHA-256", "PLAIN"])
def test_wrong_password_fails_clearly_without_leaking(
    sasl_broker: SaslBroker, toy_model_dir: Path, tmp_path: Path, mechanism: str
) -> None:
    topics = sasl_broker.topics(partitions=1)
    wrong = "wrong-" + secrets.token_urlsafe(12)
    w = WorkerProcess(
        sasl_broker.sasl_bootstrap,
        topics,
        toy_model_dir,
        "g-sasl-wrong",
        tmp_path,
        security_protocol="SASL_PLAINTEXT",
        sasl_mechanism=mechanism,
        sasl_username=USER,
        sasl_password=wrong,
    )
    try:
        rc = w.proc.wait(timeout=120)
        log = w.log_path.read_text(errors="replace")
        assert rc != 0, log
        assert re.search(r"Authentication failed|SaslAuthenticationFailed", log), log[-3000:]
        assert wrong not in log and sasl_broker.password not in log
    finally:
        w.close()
    # The checker fails clearly too (exit 2, one line), without the secret.
    res = _verify_cli(_sasl_env(sasl_broker, topics, mechanism, wrong))
    assert res.returncode == 2, res.stdout + res.stderr
    assert "could not read the run" in res.stderr
    assert wrong not in res.stdout + res.stderr


def test_tls_with_an_untrusted_ca_fails_clearly(sasl_broker: SaslBroker, tmp_path: Path) -> None:
    if sasl_broker.ssl_bootstrap is None:
        pytest.skip("openssl not installed: no TLS listener")
    other_ca, _ = make_certs(tmp_path)  # a CA that did not sign the broker's certificate
    topics = sasl_broker.topics(partitions=1)
    env = _sasl_env(sasl_broker, topics, "SCRAM-SHA-256", sasl_broker.password, True, other_ca)
    res = _verify_cli(env)
    assert res.returncode == 2, res.stdout + res.stderr
    assert "could not read the run" in res.stderr
    assert "CERTIFICATE_VERIFY_FAILED" in res.stderr  # aiokafka logs the TLS reason
    assert sasl_broker.password not in res.stdout + res.stderr


def test_unauthenticated_client_cannot_use_the_sasl_listener(sasl_broker: SaslBroker) -> None:
    from aiokafka import AIOKafkaProducer

    async def go() -> None:
        p = AIOKafkaProducer(bootstrap_servers=sasl_broker.sasl_bootstrap, request_timeout_ms=3000)
        try:
            await asyncio.wait_for(p.start(), 20)
        finally:
            await p.stop()

    with pytest.raises(Exception):  # noqa: B017 -- any connection/timeout error will do
        run_async(go, timeout=60)


# ------------------------------------------------------------------------------ secrets, TLS
def test_password_is_redacted_everywhere_settings_are_shown() -> None:
    secret = "s3cret-" + secrets.token_hex(8)
    s = Settings(
        security_protocol="SASL_PLAINTEXT",
        sasl_mechanism="SCRAM-SHA-256",
        sasl_username="router",
        sasl_password=secret,
    )
    assert secret not in repr(s) and secret not in str(s)
    assert secret not in orjson.dumps(s.redacted()).decode()
    assert s.kafka_common()["sasl_plain_password"] == secret  # only the client gets it
    with pytest.raises(ValueError) as err:
        Settings(sasl_mechanism="PLAIN", sasl_password=secret)  # SASL without SASL_*
    assert secret not in str(err.value)


@pytest.mark.parametrize("protocol", ["SSL", "SASL_SSL"])
def test_tls_settings_build_an_ssl_context(tmp_path: Path, protocol: str) -> None:
    """The client side of TLS: the context is built from the configured files."""
    import ssl

    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed")
    cert, _ = make_certs(tmp_path)
    key = tmp_path / "srv.key"
    extra: dict[str, Any] = {}
    if protocol == "SASL_SSL":
        extra = {"sasl_mechanism": "SCRAM-SHA-512", "sasl_username": "u", "sasl_password": "p"}
    s = Settings(
        security_protocol=protocol,
        ssl_cafile=cert,
        ssl_certfile=tmp_path / "srv.pem",
        ssl_keyfile=key,
        ssl_check_hostname=False,
        **extra,
    )
    opts = s.kafka_common()
    ctx = opts["ssl_context"]
    assert isinstance(ctx, ssl.SSLContext)
    assert opts["security_protocol"] == protocol
    assert ctx.check_hostname is False and ctx.verify_mode == ssl.CERT_REQUIRED
    assert any("test-ca" in str(c.get("subject")) for c in ctx.get_ca_certs())
    assert (
        Settings(security_protocol="SSL", ssl_cafile=cert)
        .kafka_common()["ssl_context"]
        .check_hostname
    )
    with pytest.raises(FileNotFoundError):
        Settings(security_protocol="SSL", ssl_cafile=tmp_path / "missing.pem").kafka_common()


# ------------------------------------------------------------------------------ metrics server
async def _request(host: str, port: int, raw: bytes, timeout: float = 5) -> bytes:
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        writer.write(raw)
        await writer.drain()
        return await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()


def _status(resp: bytes) -> int:
    return int(resp.split(b" ", 2)[1]) if resp.startswith(b"HTTP/1.1 ") else 0


async def test_metrics_server_binds_only_the_configured_address() -> None:
    m = Metrics()
    server = HealthServer(m, "127.0.0.2", 0, lambda: (True, "ready"))
    await server.start()
    try:
        assert server._server is not None
        assert {s.getsockname()[0] for s in server._server.sockets} == {"127.0.0.2"}
        ok = await _request("127.0.0.2", server.port, b"GET /healthz HTTP/1.1\r\n\r\n")
        assert _status(ok) == 200
        with pytest.raises(OSError):
            await _request("127.0.0.1", server.port, b"GET /healthz HTTP/1.1\r\n\r\n")
    finally:
        await server.stop()


async def test_metrics_server_routes_and_read_only(caplog: pytest.LogCaptureFixture) -> None:
    m = Metrics()
    m.events_in.labels("t").inc(3)
    server = HealthServer(m, "127.0.0.1", 0, lambda: (False, "not yet a member"))
    await server.start()
    host, port = "127.0.0.1", server.port

    async def get(path: str, method: str = "GET", body: bytes = b"") -> bytes:
        head = f"{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n\r\n"
        return await _request(host, port, head.encode() + body)

    try:
        before = m.render()
        r = await get("/metrics")
        assert _status(r) == 200 and b'router_events_in_total{topic="t"} 3.0' in r
        assert _status(await get("/healthz")) == 200
        ready = await get("/readyz")
        assert _status(ready) == 503 and ready.endswith(b"not yet a member\n")
        assert _status(await get("/metrics?format=x")) == 200
        head = await get("/metrics", "HEAD")
        assert _status(head) == 200 and head.endswith(b"\r\n\r\n")  # headers only
        for path in ["/", "/nope", "/metrics/", "/metrics/../healthz", "/admin", "//metrics"]:
            assert _status(await get(path)) == 404, path
        for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"]:
            r = await get("/metrics", method, b'router_events_in_total{topic="t"} 99')
            assert _status(r) == 405, (method, r)
        # Hostile requests neither crash the server nor change anything.
        assert _status(await _request(host, port, b"\r\n\r\n")) == 405  # no method
        assert _status(await _request(host, port, b"GARBAGE\x00\xff /x\r\n\r\n")) == 405
        # A request line over the stream limit: the connection is closed, nothing logged.
        with caplog.at_level(logging.ERROR, logger="asyncio"):
            try:
                long = await _request(host, port, b"GET /" + b"a" * 200_000 + b" HTTP/1.1\r\n\r\n")
            except (ConnectionError, asyncio.IncompleteReadError):
                long = b""
            await asyncio.sleep(0.1)
        assert long == b"" and not caplog.records, caplog.text
        assert _status(await get("/healthz")) == 200  # still serving
        assert m.render() == before  # read-only: nothing a request did changed the metrics
    finally:
        await server.stop()


def test_worker_metrics_bind_address_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROUTER_METRICS_HOST", "127.0.0.3")
    monkeypatch.setenv("ROUTER_METRICS_PORT", "9999")
    s = Settings()
    assert (s.metrics_host, s.metrics_port) == ("127.0.0.3", 9999)
    from router_worker.cli import build_parser

    args = build_parser().parse_args(["run", "--metrics-host", "10.0.0.1", "--metrics-port", "0"])
    assert (args.metrics_host, args.metrics_port) == ("10.0.0.1", 0)
