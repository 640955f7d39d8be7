#!/usr/bin/env bash
# The translation memory's benchmark goals, against a fresh release server with its own database:
#   TMX import of 100,000 units (ten times, filling a memory of a million), then top-5 suggestions for
#   sentences near units of that memory and for unseen ones. Not a test: it prints figures. Loopback only.
#   UNITS (default 1000000) and CHUNK (default 100000) make it smaller.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/server.sh
server_init tm-bench "${PORT:-18481}" --example load
units=${UNITS:-1000000}
chunk=${CHUNK:-100000}
# A 100,000-unit TMX is about 60 MB: more than the default upload limit, which is for articles.
server_start TARJUMAN_MAX_BODY_BYTES=$((512 * 1024 * 1024)) RUST_LOG=warn,tarjuman::store=info
report() {
  grep -h "imported into the memory" "$data/server.out" || true
  server_cleanup
}
# KEEP=1 leaves the data dir (and its million units) for a closer look.
trap report EXIT
token=$(server_token tm-bench)

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
