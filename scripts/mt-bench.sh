#!/usr/bin/env bash
# The pre-translation goal: a 500-segment article drafted through a local OpenAI-compatible engine that
# answers each request in 200 ms, in under 10 s (batched and concurrent within the engine's limits). Not a
# test: it prints the figure and the load. A fresh release server and data dir; loopback only.
#   SEGMENTS (default 500), DELAY_MS (default 200), CONCURRENCY (default: the engine's, 16).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tarjuman-target}"
cargo build --release --quiet --bin tarjuman --example mt_engine
bin="$CARGO_TARGET_DIR/release/tarjuman"
segments=${SEGMENTS:-500}
delay=${DELAY_MS:-200}
engine_port=${ENGINE_PORT:-18590}
port=${PORT:-18591}
url="http://127.0.0.1:$port"

data=$(mktemp -d /tmp/tarjuman-mt-bench-XXXXXX)
chmod 755 "$data"
"$CARGO_TARGET_DIR/release/examples/mt_engine" "$engine_port" "$delay" >"$data/engine.out" 2>&1 &
engine_pid=$!
env ${CONCURRENCY:+TARJUMAN_MT_OPENAI_CONCURRENCY=$CONCURRENCY} \
  TARJUMAN_MT_OPENAI_URL="http://127.0.0.1:$engine_port/v1" TARJUMAN_MT_OPENAI_MODEL=bench \
  TARJUMAN_ADMIN_PASSWORD=mt-bench-password RUST_LOG=warn \
  "$bin" serve --addr "127.0.0.1:$port" --data-dir "$data" --no-sample >>"$data/server.out" 2>&1 &
server_pid=$!
cleanup() {
  kill -INT "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  kill -INT "$engine_pid" 2>/dev/null && wait "$engine_pid" 2>/dev/null || true
  cat "$data/engine.out"
  rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 120); do
  curl -fsS "$url/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
token=$("$bin" token create admin --name mt-bench --data-dir "$data" | tail -n 1)

# Distinct sentences (nothing cached), ten to a paragraph.
text=$(for i in $(seq 1 "$segments"); do
  printf 'أعلنت الحكومة اليوم القرار رقم %d بشأن أسعار الوقود في المدينة.' "$i"
  if ((i % 10 == 0)); then printf '\n'; else printf ' '; fi
done)
body=$(jq -n --arg text "$text" '{title: "mt-bench", source_lang: "ar", target_lang: "en", text: $text, pretranslate: false}')
article=$(curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body" "$url/api/v1/articles" | jq .id)
count=$(curl -fsS -H "Authorization: Bearer $token" "$url/api/v1/articles/$article" | jq '.segments | length')

echo "== pre-translating $count segments, the engine answering in $delay ms"
seconds=$(curl -fsS -o "$data/report.json" -w '%{time_total}' -X POST -H "Authorization: Bearer $token" \
  "$url/api/v1/articles/$article/pretranslate")
echo "pretranslate: ${seconds}s: $(jq -c . "$data/report.json")"
echo "== again (every draft cached)"
curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body" "$url/api/v1/articles" >"$data/second.json"
second=$(jq .id "$data/second.json")
seconds=$(curl -fsS -o "$data/report.json" -w '%{time_total}' -X POST -H "Authorization: Bearer $token" \
  "$url/api/v1/articles/$second/pretranslate")
echo "pretranslate, cached: ${seconds}s: $(jq -c . "$data/report.json")"
segment=$(curl -fsS -H "Authorization: Bearer $token" "$url/api/v1/articles/$second" | jq '.segments[7].id')
echo "== the editor's panel for a cached segment (five tries)"
for _ in 1 2 3 4 5; do
  curl -fsS -o /dev/null -w '%{time_total}s ' -H "Authorization: Bearer $token" "$url/api/v1/segments/$segment/machine-translations"
done
echo
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
