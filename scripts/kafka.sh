#!/usr/bin/env bash
# Single-node KRaft Apache Kafka broker on loopback, built from Apache Kafka's own jars on
# Maven Central (no Docker, no tarball download). See scripts/kafka/README.md.
#
#   scripts/kafka.sh install              resolve the broker jars into the cache (idempotent)
#   scripts/kafka.sh start [--keep-data]  start (fresh data dir unless --keep-data), wait until it
#                                         serves, print KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:<port>
#   scripts/kafka.sh stop                 stop (SIGTERM, bounded wait, then SIGKILL)
#   scripts/kafka.sh restart              stop, then start --keep-data (same port, same data)
#   scripts/kafka.sh status               exit 0 if running and serving, 1 otherwise
#   scripts/kafka.sh logs [N]             tail the broker log
#
# Only the KAFKA_BOOTSTRAP_SERVERS=... line goes to stdout; everything else goes to stderr.
#
# Environment:
#   KAFKA_VERSION           broker version (default below)
#   ROUTER_KAFKA_HOME       jar cache (default ~/.cache/escalation-router/kafka-<version>)
#   KAFKA_PORT              client listener port (default 19092)
#   KAFKA_CONTROLLER_PORT   KRaft controller port (default 19093)
#   KAFKA_DATA_DIR          state dir of this broker: data/, logs/, pidfile, configs
#                           (default $ROUTER_KAFKA_HOME/run-<port>)
#   KAFKA_START_TIMEOUT     seconds to wait for the broker to serve (default 90)
#   KAFKA_STOP_TIMEOUT      seconds to wait for a clean exit before SIGKILL (default 30)
#   KAFKA_HEAP_OPTS         default "-Xmx512m -Xms256m"
#   KAFKA_JVM_OPTS          extra JVM flags (default: C1-only JIT for a faster start on small boxes)
#   KAFKA_AUTO_CREATE_TOPICS  auto.create.topics.enable (default false)
#   KAFKA_EXTRA_CONFIG      extra server.properties lines (newline separated), appended last
#   PYTHON                  python used for the readiness probe (default python3; stdlib only)
#   KAFKA_SASL_PORT         opt-in: a second client listener SASL_PLAINTEXT://127.0.0.1:<port>
#                           with SCRAM-SHA-256, SCRAM-SHA-512 and PLAIN (unset: no SASL listener)
#   KAFKA_SSL_PORT          opt-in: a SASL_SSL://127.0.0.1:<port> listener (TLS + the same SASL
#                           mechanisms and user); needs KAFKA_SSL_KEYSTORE_PEM
#   KAFKA_SSL_KEYSTORE_PEM  PEM file with the broker's unencrypted PKCS#8 private key and its
#                           certificate chain (e.g. from openssl req -x509 -nodes ...)
#   KAFKA_SASL_USER         the one SASL user (default router)
#   KAFKA_SASL_PASSWORD     its password ([A-Za-z0-9._~+-] only); unset: a random one is made
#                           and kept in <data dir>/sasl.password (mode 600)
set -euo pipefail

KAFKA_VERSION="${KAFKA_VERSION:-4.4.0}"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
POM="$SCRIPT_DIR/kafka/pom.xml"
KAFKA_HOME_DIR="${ROUTER_KAFKA_HOME:-$HOME/.cache/escalation-router/kafka-$KAFKA_VERSION}"
LIBS="$KAFKA_HOME_DIR/libs"
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
RUN_DIR="${KAFKA_DATA_DIR:-$KAFKA_HOME_DIR/run-$KAFKA_PORT}"
DATA="$RUN_DIR/data"
LOGS="$RUN_DIR/logs"
PIDFILE="$RUN_DIR/kafka.pid"
PROPS="$RUN_DIR/server.properties"
LOG4J="$RUN_DIR/log4j2.properties"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m}"
JVM_OPTS="${KAFKA_JVM_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss1m}"
PYTHON="${PYTHON:-python3}"
BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
KAFKA_SASL_PORT="${KAFKA_SASL_PORT:-}"
KAFKA_SSL_PORT="${KAFKA_SSL_PORT:-}"
SASL_USER="${KAFKA_SASL_USER:-router}"
SASL_PWFILE="$RUN_DIR/sasl.password"
SASL_PASSWORD=""

log() { printf 'kafka.sh: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

need() { command -v "$1" >/dev/null 2>&1 || die "'$1' not found on PATH ($2)"; }

# ---------------------------------------------------------------------------------------- install
is_installed() {
    [[ -f "$LIBS/.resolved" ]] && [[ "$(cat "$LIBS/.resolved")" == "$(install_stamp)" ]]
}

install_stamp() {
    # Re-resolve when the version or the pom changes.
    printf '%s %s\n' "$KAFKA_VERSION" "$(cksum <"$POM" | cut -d' ' -f1)"
}

cmd_install() {
    if is_installed; then
        log "jars for Kafka $KAFKA_VERSION already in $LIBS"
        return 0
    fi
    need java "install JDK 17+"
    need mvn "install Maven 3.8+"
    mkdir -p "$KAFKA_HOME_DIR"
    local t0
    t0="$(now)"
    (
        # Serialise concurrent installs (parallel test sessions) on one lock file.
        if command -v flock >/dev/null 2>&1; then
            exec 9>"$KAFKA_HOME_DIR/.install.lock"
            flock -w 600 9 || die "timed out waiting for the install lock"
        fi
        is_installed && exit 0
        log "resolving Kafka $KAFKA_VERSION jars from Maven Central into $LIBS ..."
        local tmp="$KAFKA_HOME_DIR/libs.tmp.$$"
        rm -rf "$tmp"
        local mvnlog="$KAFKA_HOME_DIR/maven.log"
        if ! mvn -B -q -Dstyle.color=never -f "$POM" \
            -Dkafka.version="$KAFKA_VERSION" \
            dependency:copy-dependencies -DoutputDirectory="$tmp" >"$mvnlog" 2>&1; then
            tail -n 40 "$mvnlog" >&2
            rm -rf "$tmp"
            die "maven could not resolve org.apache.kafka:kafka_2.13:$KAFKA_VERSION (log: $mvnlog)"
        fi
        ls "$tmp"/kafka_2.13-*.jar >/dev/null 2>&1 || die "kafka_2.13 jar missing after resolve"
        install_stamp >"$tmp/.resolved"
        rm -rf "$LIBS"
        mv "$tmp" "$LIBS"
    )
    log "installed $(find "$LIBS" -name '*.jar' | wc -l) jars in $(elapsed "$t0")s"
}

# ----------------------------------------------------------------------------------------- helpers
read_pid() {
    [[ -f "$PIDFILE" ]] || return 1
    local pid
    pid="$(cat "$PIDFILE" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    printf '%s' "$pid"
}

# The pid is ours only if it is alive and its command line is a broker of this RUN_DIR
# (protects against pid reuse after a crash / reboot).
pid_alive() {
    local pid="$1"
    kill -0 "$pid" 2>/dev/null || return 1
    if [[ -r "/proc/$pid/cmdline" ]]; then
        tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "-Drouter.kafka.run=$RUN_DIR" || return 1
    fi
    return 0
}

running_pid() {
    local pid
    pid="$(read_pid)" || return 1
    pid_alive "$pid" || return 1
    printf '%s' "$pid"
}

# Readiness probe: a real Kafka Metadata (v4) request over the wire, stdlib python only.
# Succeeds when the broker answers with at least one broker and an active controller.
probe() {
    "$PYTHON" - "$KAFKA_PORT" <<'PY'
import socket, struct, sys
port = int(sys.argv[1])
client = b"kafka.sh-probe"
# header v1: api_key=3 (Metadata), api_version=4, correlation_id, client_id
body = struct.pack(">hhih", 3, 4, 7, len(client)) + client
body += struct.pack(">i", -1) + b"\x01"  # topics=null (all), allow_auto_topic_creation=true
try:
    with socket.create_connection(("127.0.0.1", port), timeout=2.0) as s:
        s.settimeout(3.0)
        s.sendall(struct.pack(">i", len(body)) + body)
        def recv(n):
            buf = b""
            while len(buf) < n:
                chunk = s.recv(n - len(buf))
                if not chunk:
                    raise ConnectionError("closed")
                buf += chunk
            return buf
        (size,) = struct.unpack(">i", recv(4))
        resp = recv(size)
except OSError:
    sys.exit(1)
pos = 0
def take(fmt):
    global pos
    vals = struct.unpack_from(fmt, resp, pos)
    pos += struct.calcsize(fmt)
    return vals
def string():
    global pos
    (n,) = take(">h")
    if n < 0:
        return None
    val = resp[pos:pos + n].decode()
    pos += n
    return val
corr, _throttle, nbrokers = take(">iii")
brokers = []
for _ in range(nbrokers):
    (node_id,) = take(">i"); host = string(); (bport,) = take(">i"); string()
    brokers.append((node_id, host, bport))
cluster_id = string()
(controller,) = take(">i")
ok = corr == 7 and brokers and controller >= 0
sys.exit(0 if ok else 1)
PY
}

port_in_use() {
    "$PYTHON" - "$1" <<'PY'
import socket, sys
s = socket.socket()
try:
    s.settimeout(1.0)
    s.connect(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
}

log_tail() {
    local n="${1:-80}"
    for f in "$LOGS/server.log" "$LOGS/kafka.out"; do
        if [[ -s "$f" ]]; then
            printf '\n----- tail -n %s %s -----\n' "$n" "$f" >&2
            tail -n "$n" "$f" >&2
        fi
    done
}

random_cluster_id() {
    # Kafka's Uuid: 16 random bytes, URL-safe base64 without padding; must not start with '-'.
    local id
    while :; do
        id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
        [[ "$id" != -* ]] && break
    done
    printf '%s' "$id"
}

# ------------------------------------------------------------------------------------------- SASL
# The password is never printed: it lives in KAFKA_SASL_PASSWORD or in $SASL_PWFILE (mode 600),
# in the generated server.properties (the PLAIN user list; mode 600) and, once, on the command
# line of the storage format step (SCRAM credentials go into the metadata log at format time).
sasl_password() {
    if [[ -n "${KAFKA_SASL_PASSWORD:-}" ]]; then
        printf '%s' "$KAFKA_SASL_PASSWORD"
    elif [[ -s "$SASL_PWFILE" ]]; then
        cat "$SASL_PWFILE"
    else
        head -c 18 /dev/urandom | base64 | tr '+/' '._' | tr -d '=\n'
    fi
}

sasl_wanted() { [[ -n "$KAFKA_SASL_PORT" || -n "$KAFKA_SSL_PORT" ]]; }

setup_sasl() {
    sasl_wanted || return 0
    [[ -z "$KAFKA_SASL_PORT" || "$KAFKA_SASL_PORT" =~ ^[0-9]+$ ]] \
        || die "KAFKA_SASL_PORT must be a port number"
    if [[ -n "$KAFKA_SSL_PORT" ]]; then
        [[ "$KAFKA_SSL_PORT" =~ ^[0-9]+$ ]] || die "KAFKA_SSL_PORT must be a port number"
        [[ -r "${KAFKA_SSL_KEYSTORE_PEM:-}" ]] \
            || die "KAFKA_SSL_PORT needs KAFKA_SSL_KEYSTORE_PEM (a readable PEM: key + certificate)"
    fi
    [[ "$SASL_USER" =~ ^[A-Za-z0-9._-]+$ ]] || die "KAFKA_SASL_USER: use [A-Za-z0-9._-] only"
    local pw
    pw="$(sasl_password)"
    [[ "$pw" =~ ^[A-Za-z0-9._~+-]+$ ]] \
        || die "KAFKA_SASL_PASSWORD: use [A-Za-z0-9._~+-] only (it goes into JAAS and SCRAM syntax)"
    mkdir -p "$RUN_DIR"
    (umask 077 && printf '%s' "$pw" >"$SASL_PWFILE")
    SASL_PASSWORD="$pw"
}

write_configs() {
    mkdir -p "$DATA" "$LOGS"
    local listeners="PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT"
    local advertised="PLAINTEXT://127.0.0.1:$KAFKA_PORT"
    local protocols="PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
    if [[ -n "$KAFKA_SASL_PORT" ]]; then
        listeners+=",SASL_PLAINTEXT://127.0.0.1:$KAFKA_SASL_PORT"
        advertised+=",SASL_PLAINTEXT://127.0.0.1:$KAFKA_SASL_PORT"
        protocols+=",SASL_PLAINTEXT:SASL_PLAINTEXT"
    fi
    if [[ -n "$KAFKA_SSL_PORT" ]]; then
        listeners+=",SASL_SSL://127.0.0.1:$KAFKA_SSL_PORT"
        advertised+=",SASL_SSL://127.0.0.1:$KAFKA_SSL_PORT"
        protocols+=",SASL_SSL:SASL_SSL"
    fi
    (umask 077 && : >"$PROPS")
    cat >"$PROPS" <<EOF
# Generated by scripts/kafka.sh -- single-node KRaft broker+controller on loopback.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=$listeners
advertised.listeners=$advertised
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=$protocols
log.dirs=$DATA

# One node: every replication factor / ISR is 1.
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=5
auto.create.topics.enable=${KAFKA_AUTO_CREATE_TOPICS:-false}
delete.topic.enable=true

# Tests: rebalance immediately, allow short session timeouts, abort timed-out (zombie)
# transactions within ~1 s of their transaction.timeout.ms expiring.
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=1000
transaction.abort.timed.out.transaction.cleanup.interval.ms=1000
transaction.max.timeout.ms=900000

# Small box: fewer threads, small segments.
num.network.threads=2
num.io.threads=4
background.threads=4
log.segment.bytes=16777216
log.retention.check.interval.ms=60000
EOF
    if sasl_wanted; then
        cat >>"$PROPS" <<EOF

# SASL on the extra client listeners (KAFKA_SASL_PORT, KAFKA_SSL_PORT). SCRAM users are created
# when the storage is formatted (kafka-storage format --add-scram); PLAIN checks the user list.
sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512,PLAIN
EOF
        local l
        for l in sasl_plaintext sasl_ssl; do
            cat >>"$PROPS" <<EOF
listener.name.$l.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.$l.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.$l.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$SASL_USER="$SASL_PASSWORD";
EOF
        done
    fi
    if [[ -n "$KAFKA_SSL_PORT" ]]; then
        cat >>"$PROPS" <<EOF
# TLS on the SASL_SSL listener: a PEM key store (private key + certificate chain).
listener.name.sasl_ssl.ssl.keystore.type=PEM
listener.name.sasl_ssl.ssl.keystore.location=$KAFKA_SSL_KEYSTORE_PEM
EOF
    fi
    printf '%s\n' "${KAFKA_EXTRA_CONFIG:-}" >>"$PROPS"
    cat >"$LOG4J" <<EOF
status = warn
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = $LOGS/server.log
appender.file.append = true
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.statechange.name = state.change.logger
logger.statechange.level = WARN
logger.authorizer.name = kafka.authorizer.logger
logger.authorizer.level = WARN
EOF
}

format_storage() {
    local cid
    cid="$(random_cluster_id)"
    log "formatting $DATA (cluster id $cid)"
    local scram=()
    if sasl_wanted; then
        scram=(--add-scram "SCRAM-SHA-256=[name=$SASL_USER,password=$SASL_PASSWORD]"
            --add-scram "SCRAM-SHA-512=[name=$SASL_USER,password=$SASL_PASSWORD]")
        log "SCRAM-SHA-256/512 user '$SASL_USER' (password: KAFKA_SASL_PASSWORD or $SASL_PWFILE)"
    fi
    # shellcheck disable=SC2086
    if ! java $JVM_OPTS -Xmx256m -cp "$LIBS/*" \
        -Dlog4j2.configurationFile="$LOG4J" \
        kafka.tools.StorageTool format -t "$cid" -c "$PROPS" ${scram[@]+"${scram[@]}"} \
        >>"$LOGS/kafka.out" 2>&1; then
        log_tail 40
        die "kafka-storage format failed"
    fi
}

# ------------------------------------------------------------------------------------------ start
cmd_start() {
    local keep_data=0
    for arg in "$@"; do
        case "$arg" in
            --keep-data) keep_data=1 ;;
            *) die "start: unknown argument '$arg'" ;;
        esac
    done
    local t0
    t0="$(now)"
    local pid
    if pid="$(running_pid)"; then
        if probe; then
            log "already running (pid $pid, $RUN_DIR)"
            echo "KAFKA_BOOTSTRAP_SERVERS=$BOOTSTRAP"
            return 0
        fi
        die "a broker (pid $pid) of $RUN_DIR is running but not serving; run '$0 stop' first"
    fi
    rm -f "$PIDFILE"
    cmd_install
    need java "install JDK 17+"
    need "$PYTHON" "the readiness probe needs python3 (stdlib only)"
    for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" $KAFKA_SASL_PORT $KAFKA_SSL_PORT; do
        if port_in_use "$p"; then
            die "port $p on 127.0.0.1 is already in use (another broker? set KAFKA_PORT / KAFKA_CONTROLLER_PORT)"
        fi
    done

    mkdir -p "$RUN_DIR"
    local fresh=1
    if [[ "$keep_data" == 1 && -f "$DATA/meta.properties" ]]; then
        fresh=0
    fi
    if [[ "$fresh" == 1 ]]; then
        rm -rf "$DATA" "$LOGS"
        # A fresh store gets a fresh random password unless one is given.
        [[ -n "${KAFKA_SASL_PASSWORD:-}" ]] || rm -f "$SASL_PWFILE"
    fi
    setup_sasl
    write_configs
    if [[ "$fresh" == 1 ]]; then
        format_storage
    else
        log "keeping data in $DATA"
    fi

    printf '\n===== start %s (keep_data=%s) =====\n' "$(date -Is)" "$keep_data" >>"$LOGS/kafka.out"
    # setsid: the broker survives the caller's terminal/process group (Ctrl-C in pytest);
    # it does not fork here (a background job of a non-interactive shell is no group leader),
    # so $! is the java pid.
    # shellcheck disable=SC2086
    setsid nohup java $HEAP_OPTS $JVM_OPTS \
        -Djava.awt.headless=true \
        -Dlog4j2.configurationFile="$LOG4J" \
        -Dkafka.logs.dir="$LOGS" \
        -Drouter.kafka.run="$RUN_DIR" \
        -cp "$LIBS/*" kafka.Kafka "$PROPS" \
        >>"$LOGS/kafka.out" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$PIDFILE"
    log "launched broker pid $pid (Kafka $KAFKA_VERSION, $RUN_DIR); waiting up to ${START_TIMEOUT}s"

    local deadline
    deadline=$(($(date +%s) + START_TIMEOUT))
    while :; do
        if ! kill -0 "$pid" 2>/dev/null; then
            log_tail 80
            rm -f "$PIDFILE"
            die "broker exited during startup"
        fi
        if probe; then
            break
        fi
        if (($(date +%s) >= deadline)); then
            log_tail 80
            stop_pid "$pid"
            die "broker did not serve on $BOOTSTRAP within ${START_TIMEOUT}s"
        fi
        sleep 0.3
    done
    log "Kafka $KAFKA_VERSION serving on $BOOTSTRAP (pid $pid) after $(elapsed "$t0")s"
    if [[ -n "$KAFKA_SASL_PORT" ]]; then
        log "SASL_PLAINTEXT (SCRAM-SHA-256/512, PLAIN) on 127.0.0.1:$KAFKA_SASL_PORT, user '$SASL_USER'"
    fi
    if [[ -n "$KAFKA_SSL_PORT" ]]; then
        log "SASL_SSL (TLS; SCRAM-SHA-256/512, PLAIN) on 127.0.0.1:$KAFKA_SSL_PORT, user '$SASL_USER'"
    fi
    echo "KAFKA_BOOTSTRAP_SERVERS=$BOOTSTRAP"
}

# ------------------------------------------------------------------------------------------- stop
stop_pid() {
    local pid="$1" t0
    t0="$(now)"
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$(($(date +%s) + STOP_TIMEOUT))
    while kill -0 "$pid" 2>/dev/null; do
        if (($(date +%s) >= deadline)); then
            log "pid $pid still alive after ${STOP_TIMEOUT}s; SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.5
            break
        fi
        sleep 0.2
    done
    rm -f "$PIDFILE"
    log "stopped pid $pid in $(elapsed "$t0")s"
}

cmd_stop() {
    local pid
    if pid="$(running_pid)"; then
        stop_pid "$pid"
    else
        rm -f "$PIDFILE"
        log "not running ($RUN_DIR)"
    fi
}

cmd_status() {
    local pid
    if pid="$(running_pid)"; then
        if probe; then
            log "running: pid $pid, serving on $BOOTSTRAP, Kafka $KAFKA_VERSION, $RUN_DIR"
            echo "KAFKA_BOOTSTRAP_SERVERS=$BOOTSTRAP"
            return 0
        fi
        log "running: pid $pid but NOT serving on $BOOTSTRAP ($RUN_DIR)"
        return 1
    fi
    log "stopped ($RUN_DIR)"
    return 1
}

main() {
    local cmd="${1:-}"
    [[ $# -gt 0 ]] && shift
    case "$cmd" in
        install) cmd_install ;;
        start) cmd_start "$@" ;;
        stop) cmd_stop ;;
        restart)
            cmd_stop
            cmd_start --keep-data
            ;;
        status) cmd_status ;;
        logs) log_tail "${1:-100}" ;;
        *)
            sed -n '2,13p' "$0" >&2
            exit 2
            ;;
    esac
}

main "$@"
