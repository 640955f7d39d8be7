#!/usr/bin/env bash
# The translation memory's benchmark goals, against a fresh release server with its own database: a TMX
# import filling a memory of a million units, the analysis of a 400-sentence article, and top-5 suggestions
# for sentences near units of that memory and for unseen ones, beside the pg_trgm top-5 lookup of Weblate and
# Tolgee over the same units in the same run (`examples/load/reference.rs`). Not a test: it prints figures
# and ends with one summary table, the load average beside each figure. Loopback only.
#   UNITS (default 1000000) makes it smaller; CHUNK (default 100000) is the units a file: a TMX may hold
#   64 MB of text (the XML reader's limit), about 100,000 of these units. The import takes 10 to 25 minutes
#   on two shared cores, so KEEP=1 keeps the data dir with its memory, and REUSE=DIR measures on a kept one
#   again without importing: another build on the same memory in the same sitting (SERVER_BIN=path).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/server.sh
. scripts/lib/summary.sh
server_init tm-bench "${PORT:-18481}" --example load
units=${UNITS:-1000000}
chunk=${CHUNK:-100000}
# A 100,000-unit TMX is about 60 MB: more than the default upload limit, which is for articles.
server_start TARJUMAN_MAX_BODY_BYTES=$((512 * 1024 * 1024)) RUST_LOG=warn,tarjuman::store=info
report() {
  grep -h "imported into the memory" "$data/server.out" || true
  server_cleanup
}
trap report EXIT
token=$(server_token tm-bench)
echo "server: $bin"

if [ -z "${REUSE:-}" ]; then
  fill_memory "$units" "$chunk"
fi

scenario "analysis and top-5 suggestions over $units units, beside pg_trgm" tm-suggest "$units" 400 "$data/db/pg"
summary_table
