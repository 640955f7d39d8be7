#!/usr/bin/env bash
# The fuzzing campaign: every cargo-fuzz target of fuzz/ in turn for SECONDS each (default 600), niced, one at
# a time, each input at most MAX_LEN bytes and each run within RSS_MB of memory; the targets run on a 2 MiB
# stack, as the server's workers do (fuzz/src/lib.rs). Prints per target: executions, corpus size, crashes.
# Not a test: `cargo test` replays the saved corpora (tests/it/fuzz_replay.rs).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      e.g. scripts/fuzz.sh 60 tmx xliff12
#
# New inputs go to fuzz/target/corpus/<target>/ (not committed); the seeds in fuzz/corpus/<target>/ are only
# read. MERGE=1 then adds to fuzz/corpus/ a small set of the new inputs that reach new code (libFuzzer's
# -set_cover_merge), to be reviewed and committed (keep each corpus to a few hundred KB). A crash,
# out-of-memory or timeout input is saved under fuzz/artifacts/<target>/; replay one with
# `cd fuzz && cargo +nightly fuzz run -s none TARGET artifacts/TARGET/FILE`.
# Needs a nightly toolchain and cargo-fuzz: `rustup toolchain install nightly`,
# `cargo install cargo-fuzz --locked`.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds=${1:-600}
shift || true
rss_mb=${RSS_MB:-1024}
max_len=${MAX_LEN:-65536}

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "needs nightly Rust and cargo-fuzz:" \
    "rustup toolchain install nightly && cargo install cargo-fuzz --locked" >&2
  exit 1
fi
# The fuzz crate is its own workspace with its own target dir: a CARGO_TARGET_DIR meant for the server
# (as .ci/run exports) would mix instrumented nightly builds into the server's.
unset CARGO_TARGET_DIR
# The server's lock, so that the dependencies fuzzed are the versions shipped (cargo adds libFuzzer's).
cp ../Cargo.lock Cargo.lock

if (($#)); then targets=("$@"); else mapfile -t targets < <(cargo +nightly fuzz list); fi

# Safe Rust needs no AddressSanitizer (it costs executions and memory); overflow checks and debug
# assertions stay on, as cargo-fuzz builds by default.
nice -n 15 cargo +nightly fuzz build -s none >&2

shopt -s nullglob
artifacts() {
  local files=("artifacts/$1"/*)
  echo ${#files[@]}
}

printf '%-14s %12s %9s %9s %8s\n' target execs corpus KiB crashes
for target in "${targets[@]}"; do
  log="target/fuzz-$target.log"
  mkdir -p "target/corpus/$target"
  before=$(artifacts "$target")
  # libFuzzer stops at a target's first crash and exits non-zero: the campaign goes on to the next target.
  # The real files the tests read (tests/data/<target>/) are seeds as well, kept there only once.
  seeds=("corpus/$target")
  [ -d "../tests/data/$target" ] && seeds+=("../tests/data/$target")
  nice -n 15 cargo +nightly fuzz run -s none "$target" "target/corpus/$target" "${seeds[@]}" -- \
    -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb="$rss_mb" -malloc_limit_mb="$rss_mb" \
    -timeout=10 -print_final_stats=1 >"$log" 2>&1 || true
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  # After a crash there are no final stats: the last progress line's count, then.
  execs=${execs:-$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#' || true)}
  corpus=$(grep -o 'corp: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)
  kib=$(cat "target/corpus/$target"/* "corpus/$target"/* 2>/dev/null | wc -c)
  printf '%-14s %12s %9s %9s %8s\n' "$target" "${execs:-?}" "${corpus:-?}" $((kib / 1024)) \
    $(($(artifacts "$target") - before))
  if [[ ${MERGE:-0} == 1 ]]; then
    nice -n 15 cargo +nightly fuzz run -s none "$target" "corpus/$target" "target/corpus/$target" -- \
      -set_cover_merge=1 -max_len="$max_len" -rss_limit_mb="$rss_mb" >>"$log" 2>&1 ||
      echo "$target: merge failed, see $log" >&2
  fi
done
echo "logs: fuzz/target/fuzz-<target>.log; crash inputs: fuzz/artifacts/<target>/" >&2
