#!/usr/bin/env bash
# Live updates under load (issue 17), against a fresh release server with its own database: STREAMS open
# editors (Server-Sent Events streams, default 200) on ARTICLES articles (20) receiving every save while
# SAVERS clients (50) save: in a closed loop (the most the server takes), or SAVE_RATE times a second
# between them (a desk's load below that). Reports the delivery latency p50/p99 (a save's answer at its
# client to the event at each stream) and the save p50/p99 without any stream open and with the streams,
# in five alternating phases of SECONDS_PER_PHASE (20) each, three without and two with (each side's saves
# pooled, so that what drifts through a run weighs on both), in one summary table with the load average.
# The streams are read by a second client process at the lowest priority, so that the saves feel the
# server's work for the streams rather than the client's (they share two cores). Not a test: it prints
# figures. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/server.sh
. scripts/lib/summary.sh
server_init live-bench "${PORT:-18482}" --example load
streams=${STREAMS:-200}
articles=${ARTICLES:-20}
savers=${SAVERS:-50}
rate=${SAVE_RATE:-0}
seconds=${SECONDS_PER_PHASE:-20}

server_start
token=$(server_token live-bench)
echo "server: $bin"
echo "== $savers savers (save rate ${rate:-0}: 0 is a closed loop), five phases of ${seconds}s alternating without and with $streams streams on $articles articles"
# Each figure is kept with the load average as its phase ended.
"$load" "$url" "$token" live "$streams" "$articles" "$savers" "$seconds" "$rate" | while IFS= read -r line; do
  echo "$line"
  case $line in
    SUMMARY$'\t'*) IFS=$'\t' read -r _ what figure <<<"$line" && summary_line "$what" "$figure" ;;
  esac
done
summary_table
