#!/usr/bin/env bash
# The benchmark with the silo in its own process, as in production (bench/hot-drop.sh runs the load
# generator inside the silo's process). For each storage (SQLite, then PostgreSQL): start a Release
# silo on free loopback ports, then in one session against it with --target: baseline rps and
# hot-drop durable grabs/s at the same concurrency (closed model), then hot-drop in the open model
# at half the grabs/s just measured, for the p99 at half load. Both processes share the machine.
#   bash bench/silo-process.sh                      # starts a throwaway PostgreSQL (bench/pg.sh)
#   PG="Host=...;Database=..." bash bench/silo-process.sh
#   STORAGES="sqlite" bash bench/silo-process.sh    # SQLite rows only
#   STORAGES="sqlite sqlite-power-cut-safe" bash bench/silo-process.sh   # SQLite with and without --power-cut-safe
# Env: CONCURRENCY (64), DURATION (20s), WARMUP (10s), both in whole seconds; USERS (100000), OUT (report root),
# (each run seeds its own USERS shoppers; with the 10 s warm-up the measured window still activates many
# of them, so WARMUP=40s gives the steady state; each run's report.csv has the per-second figures),
# SILO_ARGS (more silo switches, e.g. "--orleans-dashboard true"), SILO_ENV (environment of the silo's
# process only, e.g. "DOTNET_gcServer=0").
# Besides latency, each row gives the CPU each process spent per request over the measured window
# (from /proc; the two processes share the machine's cores).
set -euo pipefail
cd "$(dirname "$0")/.."

concurrency=${CONCURRENCY:-64}
duration=${DURATION:-20s}
warmup=${WARMUP:-10s}
users=${USERS:-100000}
storages=${STORAGES:-sqlite postgres}
out=${OUT:-$(mktemp -d /tmp/flashsale-bench-XXXXXX)}
started_pg=""
silo_pid=""
cleanup() {
  [[ -n "$silo_pid" ]] && kill "$silo_pid" 2>/dev/null && wait "$silo_pid" 2>/dev/null
  [[ -n "$started_pg" ]] && bash bench/pg.sh stop "$started_pg"
  return 0
}
trap cleanup EXIT
if [[ " $storages " == *" postgres "* && -z "${PG:-}" ]]; then
  PG=$(bash bench/pg.sh 2>"$out/pg.log" | tail -n 1)
  started_pg=$(sed -n 's/^started in \([^ ]*\).*/\1/p' "$out/pg.log")
fi

dotnet build -c Release silo -o "$out/silo-bin" -v q -nologo >/dev/null
dotnet build -c Release loadtests -o "$out/bin" -v q -nologo >/dev/null
# The token reaches both processes through the environment, never a command line or a log.
FLASHSALE_ADMIN_TOKEN=$(python3 -c 'import secrets; print(secrets.token_hex(24))')
export FLASHSALE_ADMIN_TOKEN
# One shoppers' signing key for the silo and the runner (which mints its users' tokens with it).
( umask 077; python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())' >"$out/jwt-signing-key" )
export FLASHSALE_SIGNING_KEY_FILE="$out/jwt-signing-key"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start_silo() {
  local storage=$1 grpc http
  grpc=$(free_port); http=$(free_port)
  local args=(--grpc "127.0.0.1:$grpc" --http "127.0.0.1:$http" --data "$out/data-$storage" --rate-limit off)
  case $storage in
    postgres) args+=(--postgres "$PG") ;;
    sqlite-power-cut-safe) args+=(--storage sqlite --power-cut-safe) ;;
    *) args+=(--storage "$storage") ;;
  esac
  # shellcheck disable=SC2206 # SILO_ARGS is a list of switches, split on spaces
  args+=(${SILO_ARGS:-})
  # shellcheck disable=SC2086 # SILO_ENV is a list of NAME=value words for the silo's process only
  env ${SILO_ENV:-} dotnet "$out/silo-bin/FlashSale.Silo.dll" "${args[@]}" >"$out/silo-$storage.log" 2>&1 &
  silo_pid=$!
  for _ in $(seq 1 150); do
    curl -sf "http://127.0.0.1:$http/healthz" >/dev/null && break
    kill -0 "$silo_pid" 2>/dev/null || { echo "silo ($storage) did not start: $out/silo-$storage.log" >&2; exit 1; }
    sleep 0.2
  done
  target="http://127.0.0.1:$grpc"
}

stop_silo() { kill "$silo_pid"; wait "$silo_pid" 2>/dev/null || true; silo_pid=""; }

# CPU ticks (user + system) a process has used so far.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# Samples the silo's and the runner's CPU over the measured window: from the end of the warm-up
# (the runner prints its load plan once set-up is done) to 2 s before the end of the run.
sample_cpu() {
  local runner=$1 log=$2 file=$3
  until grep -qE ': (keep|inject|ramp) ' "$log" 2>/dev/null; do kill -0 "$runner" 2>/dev/null || return 0; sleep 0.1; done
  sleep "${warmup%s}"
  local s0 r0 t0; s0=$(ticks "$silo_pid"); r0=$(ticks "$runner"); t0=$(date +%s.%N)
  local window=$(( ${duration%s} - 2 ))
  sleep $(( window > 1 ? window : 1 ))
  echo "$s0 $r0 $t0 $(ticks "$silo_pid") $(ticks "$runner") $(date +%s.%N)" >"$file"
}

run() {
  local name=$1; shift
  rm -f "$out/$name.cpu"
  dotnet "$out/bin/FlashSale.LoadTests.dll" "$@" --target "$target" --users "$users" --stock 10000000 --pay-share 0 \
    --warmup "$warmup" --plain --report "$out/$name" >"$out/$name.log" 2>&1 &
  local runner=$!
  sample_cpu "$runner" "$out/$name.log" "$out/$name.cpu" &
  local sampler=$!
  wait "$runner" || true
  wait "$sampler" || true
  python3 bench/row.py "$out/$name/summary.json" "$name" "$out/$name.cpu"
}
half() { python3 -c "import json; s=json.load(open('$out/$1/summary.json')); print(max(1,int(next(x for x in s['steps'] if x['name'] in ('grab','health'))['rps']/2)))"; }

closed=(--concurrency "$concurrency" --duration "$duration")
echo "run                        req/s   p50 ms   p99 ms p99.9 ms  errors audit  silo µs/req runner µs/req"
for storage in $storages; do
  start_silo "$storage"
  run "$storage-baseline"  baseline "${closed[@]}"
  run "$storage-hot-drop"  hot-drop "${closed[@]}"
  run "$storage-half"      hot-drop --load "inject:$(half "$storage-hot-drop"):$duration"
  stop_silo
done
echo "reports: $out"
