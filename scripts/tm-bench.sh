#!/usr/bin/env bash
# The translation memory's benchmark goals, against a fresh release server with its own database:
#   TMX import of 100,000 units (ten times, filling a memory of a million), then top-5 suggestions for
#   sentences near units of that memory and for unseen ones. Not a test: it prints figures. Loopback only.
#   UNITS (default 1000000) and CHUNK (default 100000) make it smaller.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tarjuman-target}"
cargo build --release --quiet --bin tarjuman --example load
bin="$CARGO_TARGET_DIR/release/tarjuman"
load="$CARGO_TARGET_DIR/release/examples/load"
units=${UNITS:-1000000}
chunk=${CHUNK:-100000}

data=$(mktemp -d /tmp/tarjuman-tm-bench-XXXXXX)
chmod 755 "$data"
port=${PORT:-18481}
url="http://127.0.0.1:$port"
# A 100,000-unit TMX is about 60 MB: more than the default upload limit, which is for articles.
TARJUMAN_MAX_BODY_BYTES=$((512 * 1024 * 1024)) TARJUMAN_ADMIN_PASSWORD=tm-bench-password RUST_LOG=warn,tarjuman::store=info \
  "$bin" serve --addr "127.0.0.1:$port" --data-dir "$data" --no-sample >>"$data/server.out" 2>&1 &
server_pid=$!
cleanup() {
  kill -INT "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  grep -h "imported into the memory" "$data/server.out" || true
  # KEEP=1 leaves the data dir (and its million units) for a closer look.
  [ -n "${KEEP:-}" ] && echo "kept $data" || rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 120); do
  curl -fsS "$url/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
token=$("$bin" token create admin --name tm-bench --data-dir "$data" | tail -n 1)

echo "== TMX import, $chunk units a file, up to $units units"
for ((from = 0; from < units; from += chunk)); do
  to=$((from + chunk < units ? from + chunk : units))
  "$load" "$url" "$token" tm-tmx "$from" "$to" >"$data/units.tmx"
  seconds=$(curl -fsS -o "$data/import.json" -w '%{time_total}' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/xml' --data-binary @"$data/units.tmx" "$url/api/v1/tm/import")
  echo "units $from..$to: $(du -h "$data/units.tmx" | cut -f1) in ${seconds}s: $(cat "$data/import.json")"
done

echo "== top-5 suggestions over $units units"
"$load" "$url" "$token" tm-suggest "$units" 400
