# Sourced by the benchmark scripts after scripts/lib/server.sh: runs scenarios of the load client and ends
# with one table of their headline figures, each beside the load average as its scenario ended.
#
#   scenario TITLE ARGS...   run `load URL TOKEN ARGS...`, show its output, keep its SUMMARY lines (a
#                            scenario that fails is marked in the table and the others still run)
#   summary_line WHAT FIGURE add a line of the script's own (an import's seconds)
#   summary_table            print the table
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
