#!/usr/bin/env bash
# The matcher's speed goal (issue 15): `tarjuman match --json` over the seed article repeated 1,500 times
# (about 10 MB) with a 100,000-entry glossary (the seed glossary plus generated entries, as benches/common
# makes them), beside pyahocorasick over the same text and source terms in the same run, and what each
# finds. Not a test: it prints figures with the machine's load. Both run single-threaded.
#   COPIES (default 1500), ENTRIES (default 100000), RUNS (default 5: the median is shown).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tarjuman-target}"
cargo build --release --quiet --bin tarjuman
bin="$CARGO_TARGET_DIR/release/tarjuman"
copies=${COPIES:-1500}
entries=${ENTRIES:-100000}
runs=${RUNS:-5}

# pyahocorasick, the reference, from PyPI into a venv of its own.
venv="$HOME/.cache/tarjuman-bench-venv"
if ! "$venv/bin/python" -c "import ahocorasick" 2>/dev/null; then
  echo "installing pyahocorasick into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q pyahocorasick
fi
py=("$venv/bin/python" scripts/lib/match_bench.py)

data=$(mktemp -d /tmp/tarjuman-match-bench-XXXXXX)
trap 'rm -rf "$data"' EXIT
"${py[@]}" glossary glossaries/seed-world.ar-en.tbx "$entries" "$data/glossary.csv"
"${py[@]}" text samples/kazakhstan-csto.ar.txt "$copies" "$data/text.txt"
bytes=$(stat -c %s "$data/text.txt")
mb_per_s() { awk -v b="$bytes" -v s="$1" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }

# Other work on the machine stretches wall time; CPU time (user + system) much less, so both are shown.
echo "== $entries entries, seed article x $copies ($bytes bytes), median of $runs runs"
echo "load before: $(uptime | sed 's/.*load average: //')"
read -r wall cpu < <("${py[@]}" time "$runs" "$data/answers.json" \
  "$bin" match --json --glossary "$data/glossary.csv" "$data/text.txt")
read -r search_wall search_cpu whole_wall whole_cpu hits < <("${py[@]}" ahocorasick "$data/glossary.csv" "$data/text.txt" "$runs")
echo "load after:  $(uptime | sed 's/.*load average: //')"
row() {
  printf '%-58s %7.2fs %6s MB/s %7.2fs %6s MB/s %5.2fx\n' "$1" "$2" "$(mb_per_s "$2")" "$3" "$(mb_per_s "$3")" \
    "$(awk -v a="$cpu" -v b="$3" 'BEGIN { print b / a }')"
}
printf '%-58s %19s %19s %6s\n' "" "wall" "CPU" "tarjuman"
row "tarjuman match --json, whole process" "$wall" "$cpu"
row "pyahocorasick, whole job (read, build automaton, search)" "$whole_wall" "$whole_cpu"
row "pyahocorasick, search alone ($hits hits)" "$search_wall" "$search_cpu"
echo "== answers"
"${py[@]}" compare "$data/glossary.csv" glossaries/seed-world.ar-en.tbx "$data/text.txt" "$data/answers.json"
