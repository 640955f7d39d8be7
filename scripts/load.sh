#!/usr/bin/env bash
# The benchmark goals of the API, measured against a fresh release server with its own database:
#   PUT /segments p99 at 300 requests/s, reading a 500-segment article, 20 saves racing on one revision,
#   200 writers for 30 s, and a kill -9 of the server in the middle of that, after which every
#   acknowledged save must still be there. Not a test: it prints figures. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tarjuman-target}"
cargo build --release --quiet --bin tarjuman --example load
bin="$CARGO_TARGET_DIR/release/tarjuman"
load="$CARGO_TARGET_DIR/release/examples/load"

data=$(mktemp -d /tmp/tarjuman-load-XXXXXX)
chmod 755 "$data"
port=${PORT:-18480}
url="http://127.0.0.1:$port"
server_pid=

start_server() {
  TARJUMAN_ADMIN_PASSWORD=load-test-password RUST_LOG=warn \
    "$bin" serve --addr "127.0.0.1:$port" --data-dir "$data" --no-sample >>"$data/server.out" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do
    curl -fsS "$url/healthz" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "server did not start:"; cat "$data/server.out"; exit 1
}

cleanup() {
  [ -n "$server_pid" ] && kill -INT "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  "$bin" migrate --data-dir "$data" >/dev/null 2>&1 || true   # starts and stops a cluster a crash left behind
  rm -rf "$data"
}
trap cleanup EXIT

start_server
token=$("$bin" token create admin --name load --data-dir "$data" | tail -n 1)

echo "== 20 clients save one segment on the same base revision"
"$load" "$url" "$token" same-segment 20
echo "== PUT /segments/{id} at 300 requests/s for 20 s"
"$load" "$url" "$token" put-rate 300 20
echo "== GET a 500-segment article with glossary matches"
"$load" "$url" "$token" read-article "" 200
echo "== the editor page of a 500-segment article, rendered on the server"
"$load" "$url" "$token" editor-page admin load-test-password 200
echo "== 200 clients saving different segments for 30 s"
"$load" "$url" "$token" soak 200 30 "$data/acks-soak.jsonl"
"$load" "$url" "$token" verify "$data/acks-soak.jsonl"

echo "== kill -9 of the server 10 s into a 200-client soak"
"$load" "$url" "$token" soak 200 20 "$data/acks-crash.jsonl" &
soak_pid=$!
sleep 10
kill -9 "$server_pid"
wait "$soak_pid" || true
start_server
"$load" "$url" "$token" verify "$data/acks-crash.jsonl"
