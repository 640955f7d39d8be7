# Sourced by the benchmark scripts after scripts/lib/server.sh: runs scenarios of the load client and ends
# with one table of their headline figures, each beside the load average as its scenario ended.
#
#   scenario TITLE ARGS...   run `load URL TOKEN ARGS...`, show its output, keep its SUMMARY lines (a
#                            scenario that fails is marked in the table and the others still run)
#   summary_line WHAT FIGURE add a line of the script's own (an import's seconds)
#   summary_table            print the table
#   fill_memory UNITS CHUNK  import UNITS generated memory units as TMX files of CHUNK units, each import's
#                            seconds a line of the table
# Needs $data, $load, $url and $token.

summary_line() {
  printf '%s\t%s\t%s\n' "$1" "$2" "$(cut -d' ' -f1 /proc/loadavg)" >>"$data/summary.tsv"
}

scenario() {
  local title=$1; shift
  echo "== $title"
  if ! "$load" "$url" "$token" "$@" | tee "$data/last.out"; then
    summary_line "$title" "FAILED (see above)"
  fi
  grep '^SUMMARY' "$data/last.out" | cut -f2- | sed "s/\$/\t$(cut -d' ' -f1 /proc/loadavg)/" >>"$data/summary.tsv" || true
}

summary_table() {
  echo
  echo "== summary ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end)"
  echo "| path | figure | load average (1 min) as it ended |"
  echo "|---|---|---|"
  awk -F'\t' '{ printf "| %s | %s | %s |\n", $1, $2, $3 }' "$data/summary.tsv"
}

fill_memory() {
  local units=$1 chunk=$2 from to seconds
  echo "== a memory of $units units, imported as TMX ($chunk units a file)"
  for ((from = 0; from < units; from += chunk)); do
    to=$((from + chunk < units ? from + chunk : units))
    "$load" "$url" "$token" tm-tmx "$from" "$to" >"$data/units.tmx"
    seconds=$(curl -fsS -o "$data/import.json" -w '%{time_total}' -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/xml' --data-binary @"$data/units.tmx" "$url/api/v1/tm/import")
    echo "units $from..$to: $(du -h "$data/units.tmx" | cut -f1) in ${seconds}s: $(cat "$data/import.json")"
    summary_line "TMX import of units $from..$to" "${seconds} s"
  done
  rm -f "$data/units.tmx"
}
