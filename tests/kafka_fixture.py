"""pytest plugin: a real Kafka broker for tests that need one.

Register it from ``tests/conftest.py`` with ``pytest_plugins = ["tests.kafka_fixture"]``
(or ad hoc with ``-p tests.kafka_fixture``).

Fixtures
--------
``kafka_broker`` (session)
    A :class:`KafkaBroker` handle: ``.bootstrap``, ``.mode`` and, for a broker this plugin started
    itself with ``scripts/kafka.sh`` (``mode == "script"``), ``.stop()``, ``.start()`` and
    ``.restart()`` (data is kept), for broker-outage fault tests. ``.can_restart`` says whether
    those work.
``kafka_bootstrap`` (session) -> ``"host:port"``
    Where the broker comes from, first match wins:

    1. ``KAFKA_BOOTSTRAP_SERVERS`` is set: use that broker (waits up to 30 s for it to answer).
    2. A Docker engine answers ``docker info``: testcontainers' ``KafkaContainer`` in KRaft mode
       (image from ``KAFKA_TEST_IMAGE``, else testcontainers' default).
    3. ``scripts/kafka.sh start``: a real single-node KRaft broker from Apache Kafka's jars,
       with its state in a pytest tmp dir, on ``KAFKA_PORT`` / ``KAFKA_CONTROLLER_PORT`` when set,
       else on free loopback ports; stopped at session end.

    ``KAFKA_FIXTURE_MODE=env|docker|script`` forces one of them (``auto`` is the default).
    If no broker can be had, the tests are skipped with a reason starting with
    ``"KAFKA UNAVAILABLE:"`` (CI treats such skips as failures).
``topic_factory`` (function)
    ``topic_factory(partitions=1, *, prefix=None, configs=None) -> str`` creates a topic with a
    unique name (``<prefix>-<uuid>``, prefix defaults to the test's name), waits until every
    partition has a leader, and deletes the topic after the test (best effort).

    It is a plain *sync* callable: each call runs its own short ``asyncio.run(...)`` with an
    ``AIOKafkaAdminClient`` on a separate thread, so it works the same from sync tests and from
    inside ``async def`` tests (where it briefly blocks the test's event loop, ~0.1 s; call it
    before starting producers/consumers).

Any test that uses ``kafka_broker`` / ``kafka_bootstrap`` (directly or through ``topic_factory``)
gets the ``kafka`` marker automatically, so ``-m "not kafka"`` deselects it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
KAFKA_SH = REPO_ROOT / "scripts" / "kafka.sh"
UNAVAILABLE = "KAFKA UNAVAILABLE:"
_KAFKA_FIXTURES = ("kafka_broker", "kafka_bootstrap")

T = TypeVar("T")


# --------------------------------------------------------------------------------------- markers
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "kafka: needs a real Kafka broker (started by the session fixture)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        names = getattr(item, "fixturenames", ())  # transitive closure of used fixtures
        if any(name in names for name in _KAFKA_FIXTURES) and not item.get_closest_marker("kafka"):
            item.add_marker(pytest.mark.kafka)


# --------------------------------------------------------------------------------------- helpers
def run_async(factory: Callable[[], Awaitable[T]], timeout: float = 60.0) -> T:
    """Run ``factory()`` to completion in a fresh event loop on a worker thread.

    Safe to call from sync code and from inside a running event loop (it blocks that loop).
    """

    async def _main() -> T:
        return await factory()

    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="kafka-fixture") as ex:
        return ex.submit(asyncio.run, _main()).result(timeout=timeout)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


async def _wait_for_metadata(bootstrap: str, timeout: float) -> None:
    from aiokafka.admin import AIOKafkaAdminClient

    deadline = time.monotonic() + timeout
    last: BaseException | None = None
    while time.monotonic() < deadline:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=5000)
        try:
            await admin.start()
            cluster = await admin.describe_cluster()
            if cluster.get("brokers"):
                return
        except Exception as exc:  # broker not up yet
            last = exc
        finally:
            with contextlib.suppress(Exception):
                await admin.close()
        await asyncio.sleep(0.5)
    raise TimeoutError(f"no metadata from {bootstrap} within {timeout:.0f}s (last error: {last!r})")


def _docker_available() -> bool:
    if not shutil.which("docker"):
        return False
    try:
        proc = subprocess.run(
            ["docker", "info"], capture_output=True, timeout=10, check=False, text=True
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return proc.returncode == 0


# ---------------------------------------------------------------------------------------- broker
@dataclass
class KafkaBroker:
    """A broker the test session talks to."""

    bootstrap: str
    mode: str  # "env" | "docker" | "script"
    env: dict[str, str] = field(default_factory=dict, repr=False)
    _container: Any = field(default=None, repr=False)

    @property
    def can_restart(self) -> bool:
        return self.mode == "script"

    def _script(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        if not self.can_restart:
            raise RuntimeError(f"broker from {self.mode!r} is not managed by scripts/kafka.sh")
        proc = subprocess.run(
            ["bash", str(KAFKA_SH), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(
                f"scripts/kafka.sh {' '.join(args)} failed (rc={proc.returncode}):\n"
                f"{_tail(proc.stderr)}"
            )
        return proc

    def stop(self) -> None:
        """Stop the broker (SIGTERM, bounded wait). Data is kept for :meth:`start`."""
        self._script("stop", timeout=60)

    def start(self) -> None:
        """Start the broker again on the same port with the same data."""
        self._script("start", "--keep-data", timeout=150)

    def restart(self) -> None:
        """Stop, then start with the same data and port."""
        self._script("restart", timeout=200)

    def logs(self, lines: int = 100) -> str:
        """Tail of the broker log (script mode only)."""
        return self._script("logs", str(lines), timeout=30).stderr


def _from_env(bootstrap: str) -> KafkaBroker:
    try:
        run_async(lambda: _wait_for_metadata(bootstrap, 30.0), timeout=45)
    except Exception as exc:
        pytest.skip(f"{UNAVAILABLE} KAFKA_BOOTSTRAP_SERVERS={bootstrap} does not answer: {exc}")
    if os.environ.get("KAFKA_MANAGED_BY_SCRIPT") == "1":
        # Started by scripts/kafka.sh with KAFKA_PORT / KAFKA_DATA_DIR in this environment
        # (as .ci/run does): it can be restarted by the fault tests; the starter stops it.
        env = dict(os.environ)
        env["PYTHON"] = sys.executable
        return KafkaBroker(bootstrap=bootstrap, mode="script", env=env)
    return KafkaBroker(bootstrap=bootstrap, mode="env")


def _from_docker() -> KafkaBroker:
    try:
        from testcontainers.community.kafka import KafkaContainer  # testcontainers >= 4.10
    except ImportError:
        from testcontainers.kafka import KafkaContainer
    image = os.environ.get("KAFKA_TEST_IMAGE")
    container = KafkaContainer(image) if image else KafkaContainer()
    if hasattr(container, "with_kraft"):
        container = container.with_kraft()
    # One broker: transactions need their state log at RF 1 / min ISR 1.
    for key, value in {
        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR": "1",
        "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR": "1",
        "KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS": "1000",
        "KAFKA_TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS": "1000",
    }.items():
        container = container.with_env(key, value)
    container.start()
    bootstrap = container.get_bootstrap_server()
    try:
        run_async(lambda: _wait_for_metadata(bootstrap, 60.0), timeout=75)
    except Exception:
        container.stop()
        raise
    return KafkaBroker(bootstrap=bootstrap, mode="docker", _container=container)


def _from_script(state_dir: Path) -> KafkaBroker:
    env = dict(os.environ)
    env.pop("KAFKA_BOOTSTRAP_SERVERS", None)
    env["KAFKA_PORT"] = os.environ.get("KAFKA_PORT") or str(_free_port())
    controller = os.environ.get("KAFKA_CONTROLLER_PORT") or str(_free_port())
    while controller == env["KAFKA_PORT"]:
        controller = str(_free_port())
    env["KAFKA_CONTROLLER_PORT"] = controller
    env["KAFKA_DATA_DIR"] = str(state_dir)
    env["PYTHON"] = sys.executable
    broker = KafkaBroker(bootstrap="", mode="script", env=env)
    # First run resolves the jars with Maven (cold: tens of seconds), then <= KAFKA_START_TIMEOUT.
    proc = broker._script("start", timeout=600)
    match = re.search(r"^KAFKA_BOOTSTRAP_SERVERS=(\S+)$", proc.stdout, re.MULTILINE)
    if not match:
        broker._script("stop", timeout=60)
        raise RuntimeError(f"scripts/kafka.sh start printed no bootstrap line:\n{proc.stdout}")
    broker.bootstrap = match.group(1)
    return broker


@pytest.fixture(scope="session")
def kafka_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KafkaBroker]:
    mode = os.environ.get("KAFKA_FIXTURE_MODE", "auto").strip().lower() or "auto"
    if mode not in ("auto", "env", "docker", "script"):
        pytest.fail(f"KAFKA_FIXTURE_MODE={mode!r}: expected auto, env, docker or script")
    errors: list[str] = []

    env_bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "").strip()
    if mode == "env" or (mode == "auto" and env_bootstrap):
        if not env_bootstrap:
            pytest.skip(
                f"{UNAVAILABLE} KAFKA_FIXTURE_MODE=env but KAFKA_BOOTSTRAP_SERVERS is unset"
            )
        yield _from_env(env_bootstrap)
        return

    broker: KafkaBroker | None = None
    if mode == "docker" or (mode == "auto" and _docker_available()):
        try:
            broker = _from_docker()
        except Exception as exc:
            errors.append(f"testcontainers KafkaContainer: {exc!r}")
            if mode == "docker":
                pytest.skip(f"{UNAVAILABLE} " + "; ".join(errors))
    elif mode == "docker":
        pytest.skip(f"{UNAVAILABLE} KAFKA_FIXTURE_MODE=docker but `docker info` fails")

    if broker is None:
        try:
            broker = _from_script(tmp_path_factory.mktemp("kafka"))
        except Exception as exc:
            errors.append(f"scripts/kafka.sh start: {exc}")
            pytest.skip(f"{UNAVAILABLE} " + "\n".join(errors))

    try:
        yield broker
    finally:
        if broker.mode == "docker":
            with contextlib.suppress(Exception):
                broker._container.stop()
        elif broker.mode == "script":
            try:
                broker._script("stop", timeout=60)
            except Exception as exc:  # never mask the test outcome
                sys.stderr.write(f"kafka_fixture: stopping the broker failed: {exc}\n")


@pytest.fixture(scope="session")
def kafka_bootstrap(kafka_broker: KafkaBroker) -> str:
    return kafka_broker.bootstrap


# ---------------------------------------------------------------------------------------- topics
async def _create_topic(
    bootstrap: str, name: str, partitions: int, configs: dict[str, str] | None
) -> None:
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15000)
    await admin.start()
    try:
        topic = NewTopic(name, partitions, 1, topic_configs=configs or {})
        resp = await admin.create_topics([topic], timeout_ms=15000)
        for err in resp.topic_errors:
            if err[1] != 0:
                raise RuntimeError(f"create topic {err[0]!r} failed: error {err[1]} {err[2:]}")
        # Wait until the topic is in the metadata with a leader for every partition.
        deadline = time.monotonic() + 15
        while True:
            (desc,) = await admin.describe_topics([name])
            parts = desc.get("partitions") or []
            if (
                desc.get("error_code") == 0
                and len(parts) == partitions
                and all(p["leader"] >= 0 and p["error_code"] == 0 for p in parts)
            ):
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"topic {name!r} not ready: {desc}")
            await asyncio.sleep(0.1)
    finally:
        await admin.close()


async def _delete_topics(bootstrap: str, names: list[str]) -> None:
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
    await admin.start()
    try:
        await admin.delete_topics(names, timeout_ms=10000)
    finally:
        await admin.close()


TopicFactory = Callable[..., str]


@pytest.fixture
def topic_factory(kafka_bootstrap: str, request: pytest.FixtureRequest) -> Iterator[TopicFactory]:
    created: list[str] = []
    default_prefix = re.sub(r"[^A-Za-z0-9._-]+", "-", request.node.name)[:60].strip("-.") or "t"

    def create(
        partitions: int = 1,
        *,
        prefix: str | None = None,
        configs: dict[str, str] | None = None,
    ) -> str:
        name = f"{prefix or default_prefix}-{uuid.uuid4().hex[:10]}"
        run_async(lambda: _create_topic(kafka_bootstrap, name, partitions, configs), timeout=45)
        created.append(name)
        return name

    yield create

    if created:
        with contextlib.suppress(Exception):
            run_async(lambda: _delete_topics(kafka_bootstrap, created), timeout=20)
