#!/usr/bin/env bash
# The benchmark goals of the API (issue 15), measured against a fresh release server with its own database,
# in one command, ending with one summary table and the machine's load average beside it:
#   one save at a time with an empty memory, 20 saves racing on one revision, PUT /segments at 300 and
#   500 requests/s, reading a 500-segment article and its editor page, 200 writers for 30 s, a kill -9 of the
#   server in the middle of a 200-writer soak (every acknowledged save must still be there), and then, with
#   a memory of MEMORY_UNITS units (default 1,000,000; 0 skips it), one save at a time again, the analysis
#   of a 400-sentence article and top-5 suggestions. Not a test: it prints figures. Loopback only.
#   Beside them, PostgreSQL's own limit in the same cluster (pgbench: durable one-row commits, one at a time
#   and from 20 connections), the floor a save stands on.
#   SERVER_BIN measures another server binary (a reference build) with the same load client. ONLY=reads runs
#   just the two read scenarios (about a minute), to set two builds side by side in one sitting.
# About 4 minutes, plus about 1 minute per 100,000 memory units on a quiet 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/server.sh
. scripts/lib/summary.sh
server_init load "${PORT:-18480}" --example load
units=${MEMORY_UNITS:-1000000}
chunk=100000

start_server() {
  # A 100,000-unit TMX is about 60 MB: more than the default upload limit, which is for articles.
  server_start TARJUMAN_MAX_BODY_BYTES=$((512 * 1024 * 1024))
}

# PostgreSQL's own limit on this disk and these cores, measured in the same run as the server's figures:
# a durable one-row commit, one at a time (what a sequential save cannot beat: one fsync and one round
# trip) and from as many connections as the server's pool (20) for 15 s (what the soak cannot beat), with
# pgbench in a database of its own in the server's cluster. Each save commits one transaction the same way.
postgres_reference() {
  local bindir socket dir as_postgres
  bindir=$(dirname "$(command -v pgbench 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/pgbench | sort -V | tail -n 1)")
  socket=$(readlink -f "$data/db/pg")
  dir="$data/pgbench"
  mkdir -p "$dir" && chmod 777 "$dir" && rm -f "$dir"/one.*
  # The cluster's socket is its owner's alone: the postgres system user when we are root.
  as_postgres=()
  [ "$(id -u)" = 0 ] && as_postgres=(runuser -u postgres --)
  # A kept data dir (REUSE) has it already.
  "${as_postgres[@]}" "$bindir/createdb" -h "$socket" -U postgres reference 2>/dev/null || true
  "${as_postgres[@]}" "$bindir/psql" -qh "$socket" -U postgres -d reference \
    -c "CREATE TABLE IF NOT EXISTS commits (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text NOT NULL)"
  echo "INSERT INTO commits (body) VALUES (repeat('translation ', 10));" >"$dir/commit.sql"
  echo "== PostgreSQL alone: one durable one-row commit at a time, 10 s"
  (cd "$dir" && "${as_postgres[@]}" "$bindir/pgbench" -n -h "$socket" -U postgres -f commit.sql -c 1 -T 10 \
    --log --log-prefix=one reference | grep -E 'latency average|tps')
  # A log line is: client, transaction, latency in microseconds, script, epoch seconds, microseconds.
  summary_line "PostgreSQL alone: one durable one-row commit at a time" "$(cut -d' ' -f3 "$dir"/one.* | sort -n |
    awk '{ l[NR] = $1 } END { printf "p50 %.2f ms, p99 %.2f ms", l[int(NR * 0.5) + 1] / 1000, l[int(NR * 0.99) + 1] / 1000 }')"
  echo "== PostgreSQL alone: durable one-row commits from 20 connections, 15 s"
  (cd "$dir" && "${as_postgres[@]}" "$bindir/pgbench" -n -h "$socket" -U postgres -f commit.sql -c 20 -j 2 -T 15 \
    reference | tee "$dir/many.out" | grep -E 'latency average|tps')
  summary_line "PostgreSQL alone: durable one-row commits from 20 connections" \
    "$(awk '/^tps/ { printf "%d commits/s", $3 }' "$dir/many.out")"
}

start_server
token=$(server_token load)
echo "server: $bin"

scenario "GET a 500-segment article with glossary matches" read-article "" 200
scenario "the editor page of a 500-segment article, rendered on the server" editor-page admin "$admin_password" 200
if [ "${ONLY:-}" = reads ]; then summary_table; exit 0; fi
postgres_reference
scenario "one save at a time, empty memory" sequential-save 500 "empty memory"
scenario "20 clients save one segment on the same base revision" same-segment 20
scenario "PUT /segments/{id} at 300 requests/s for 20 s" put-rate 300 20
scenario "PUT /segments/{id} at 500 requests/s for 20 s" put-rate 500 20
scenario "200 clients saving different segments for 30 s" soak 200 30 "$data/acks-soak.jsonl"
scenario "every acknowledged save of the soak is stored" verify "$data/acks-soak.jsonl"

echo "== kill -9 of the server 10 s into a 200-client soak"
# The soak first imports its article and waits for its analysis; the 10 s count from its first save.
"$load" "$url" "$token" soak 200 20 "$data/acks-crash.jsonl" >"$data/crash.out" 2>&1 &
soak_pid=$!
for _ in $(seq 1 600); do
  grep -q 'clients for' "$data/crash.out" && break
  sleep 0.5
done
sleep 10
kill -9 "$server_pid"
wait "$soak_pid" || true
cat "$data/crash.out"
grep '^SUMMARY' "$data/crash.out" | while IFS=$'\t' read -r _ what figure; do
  summary_line "kill -9 at 10 s: $what" "$figure"
done || true
start_server
scenario "every acknowledged save before the kill -9 is stored" verify "$data/acks-crash.jsonl"

if [ "$units" -gt 0 ]; then
  fill_memory "$units" "$chunk"
  scenario "one save at a time, $units units in the memory" sequential-save 500 "$units units in the memory"
  scenario "analysis and top-5 suggestions over $units units, beside pg_trgm" tm-suggest "$units" 400 "$data/db/pg"
fi

summary_table
