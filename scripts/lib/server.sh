# Sourced by the scripts that measure a running server (load, memory, hostile uploads): builds the release
# binary and runs it on a fresh data dir of its own, loopback only, so that no figure depends on what an
# earlier run left behind.
#
#   server_init NAME [PORT] [CARGO BUILD ARGS]  build (the server and what else is named), make the data
#                            dir ($data), set $bin ($SERVER_BIN when set: a reference build), $url, $load
#                            (the load client); stop and delete on exit
#   server_start [ENV=VALUE ...]  start it (with extra environment) and wait until it serves; sets
#                            $server_pid (what was started) and $pid (the server process itself)
#   server_stop              Ctrl-C, as a user would, and wait for it
#   server_token NAME        a fresh admin API token
# KEEP=1 keeps the data dir; REUSE=DIR runs on a data dir an earlier run kept (and keeps it); NO_BUILD=1
# measures the binaries already built. The admin's password is $admin_password.

server_init() {
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tarjuman-target}"
  [ -n "${NO_BUILD:-}" ] || cargo build --release --quiet --bin tarjuman "${@:3}"
  bin="${SERVER_BIN:-$CARGO_TARGET_DIR/release/tarjuman}"
  load="$CARGO_TARGET_DIR/release/examples/load"
  if [ -n "${REUSE:-}" ]; then
    data=$REUSE KEEP=1
    rm -f "$data/summary.tsv"
  else
    data=$(mktemp -d "/tmp/tarjuman-$1-XXXXXX")
  fi
  # The private cluster runs as the postgres user when we are root, and must reach its data dir.
  chmod 755 "$data"
  url="http://127.0.0.1:${2:-18490}"
  admin_password="$1-password"
  server_pid=
  trap server_cleanup EXIT
}

server_start() {
  env TARJUMAN_ADMIN_PASSWORD="$admin_password" RUST_LOG="${RUST_LOG:-warn}" "$@" \
    "$bin" serve --addr "${url#http://}" --data-dir "$data/db" --no-sample >>"$data/server.out" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do
    if curl -fsS "$url/healthz" >/dev/null 2>&1; then
      # The server's pid, not the shell's: `serve` may hand over to a child.
      pid=$(pgrep -P "$server_pid" -x tarjuman || echo "$server_pid")
      return 0
    fi
    sleep 0.5
  done
  echo "the server did not start:"
  cat "$data/server.out"
  exit 1
}

server_stop() {
  [ -n "$server_pid" ] && kill -INT "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  server_pid=
}

server_token() {
  "$bin" token create admin --name "$1" --data-dir "$data/db" | tail -n 1
}

server_cleanup() {
  server_stop
  # Starts and stops a cluster that a kill -9 of the server left running.
  "$bin" migrate --data-dir "$data/db" >/dev/null 2>&1 || true
  if [ -n "${KEEP:-}" ]; then echo "kept $data"; else rm -rf "$data"; fi
}
