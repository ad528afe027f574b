#!/usr/bin/env bash
# Scale-out with each silo as if on its own small host (issue 13, "Simulated hosts"). As root, each
# silo runs in its own cgroup v1 cpu group capped at SHARE of a core (cpu.cfs_period_us 10000, so the
# cap is smooth rather than 100 ms bursts, and DOTNET_ProcessorCount=1), all silos in one Orleans
# cluster on one PostgreSQL (--clustering postgres). The load runner and PostgreSQL are not capped,
# and their CPU is shown so one can see they were never the limit. Silos listen on loopback: the
# throughput runs need no network namespaces (the partition test uses them, bench/lib/hosts.sh).
# Runs, first with 1 silo, then with 3 (a fresh cluster id each):
#   (a) many-drops: 30 drops open at once, grabs spread evenly over them;
#   (b) hot-drop: one drop with 1 bucket, then with 6 buckets.
# Each is a closed-model run through every silo (--target a,b,c) with the audit on; prints grabs/s,
# and the ratios 3 silos / 1 silo (goal >= 2.4x).
#   sudo bash bench/scale-out.sh
#   PG="Host=...;Database=..." sudo bash bench/scale-out.sh
# Env: SHARE (0.15 core per silo), CONCURRENCY (64), DURATION (20s), WARMUP (10s), USERS (20000),
# DROPS (30), BUCKETS (6), SILOS ("1 3"), OUT (report root), SILO_ARGS (more silo switches, e.g.
# "--orleans-dashboard true").
# Silos start and do their set-up uncapped (JIT at 0.15 core would take a minute); the cap goes on
# when the runner starts its load plan, before its warm-up. Membership probes are relaxed (5 s) so a
# capped silo under full load is not voted dead: this measures throughput, not failover.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/hosts.sh

share=${SHARE:-0.15}
concurrency=${CONCURRENCY:-64}
duration=${DURATION:-20s}
warmup=${WARMUP:-10s}
users=${USERS:-20000}
drops=${DROPS:-30}
buckets=${BUCKETS:-6}
silo_counts=${SILOS:-1 3}
out=${OUT:-$(mktemp -d /tmp/flashsale-scale-out-XXXXXX)}
started_pg=""
declare -a silo_pids=()

hosts_init
stop_silos() {
  local pid
  for pid in "${silo_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${silo_pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  silo_pids=()
}
cleanup() {
  stop_silos
  [[ -n "$started_pg" ]] && bash bench/pg.sh stop "$started_pg"
  hosts_cleanup
}
trap cleanup EXIT

echo "scale-out: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; $(date -u +%FT%TZ)"
if awk '{exit !($1 > 0.5)}' /proc/loadavg; then
  echo "NOTE: other work was running on this machine (load average above): these figures show the script works, they are not a measurement"
fi

if [[ -z "${PG:-}" ]]; then
  PG=$(bash bench/pg.sh 2>"$out/pg.log" | tail -n 1)
  started_pg=$(sed -n 's/^started in \([^ ]*\).*/\1/p' "$out/pg.log")
fi

dotnet build -c Release silo -o "$out/silo-bin" -v q -nologo >/dev/null
dotnet build -c Release loadtests -o "$out/bin" -v q -nologo >/dev/null
# The token reaches the processes through the environment, never a command line or a log.
FLASHSALE_ADMIN_TOKEN=$(python3 -c 'import secrets; print(secrets.token_hex(24))')
export FLASHSALE_ADMIN_TOKEN
# One shoppers' signing key for every silo and the runner (which mints its users' tokens with it).
( umask 077; python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())' >"$out/jwt-signing-key" )
export FLASHSALE_SIGNING_KEY_FILE="$out/jwt-signing-key"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_cluster N: N silos, one cpu group each (uncapped until the load plan starts).
targets=""
start_cluster() {
  local n=$1 cluster="scale-$HOSTS_RUN-$1" i grpc http silo
  targets=""
  for i in $(seq 1 "$n"); do
    grpc=$(free_port); http=$(free_port); silo=$(free_port)
    hosts_cpu_group "c$n-s$i" 0
    mkdir -p "$out/data-c$n-s$i"
    ( hosts_exec "" "${HOSTS_GROUP[c$n-s$i]}" dotnet "$out/silo-bin/FlashSale.Silo.dll" \
        --grpc "127.0.0.1:$grpc" --http "127.0.0.1:$http" --data "$out/data-c$n-s$i" --rate-limit off \
        --storage postgres --postgres "$PG" --clustering postgres --advertised-address 127.0.0.1 \
        --silo-port "$silo" --cluster-id "$cluster" --service-id "$cluster" \
        --probe-timeout-ms 5000 --missed-probes-limit 3 ${SILO_ARGS:-} ) >"$out/silo-c$n-s$i.log" 2>&1 &
    silo_pids+=($!)
    # One at a time: the first one migrates the database.
    for _ in $(seq 1 300); do
      curl -sf "http://127.0.0.1:$http/healthz" >/dev/null && break
      kill -0 "${silo_pids[-1]}" 2>/dev/null || { echo "silo $i of $n did not start: $out/silo-c$n-s$i.log" >&2; exit 1; }
      sleep 0.2
    done
    curl -sf "http://127.0.0.1:$http/healthz" >/dev/null || { echo "silo $i of $n not healthy in 60 s: $out/silo-c$n-s$i.log" >&2; exit 1; }
    targets+="${targets:+,}http://127.0.0.1:$grpc"
  done
}

ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
throttled_sum() { local g t=0; for g in "$@"; do t=$(( t + $(hosts_throttled "$g") )); done; echo "$t"; }

# Caps the groups when the runner starts its plan, then samples CPU over the measured window (from
# the end of the warm-up to 2 s before the end).
measure() {
  local n=$1 runner=$2 log=$3 file=$4 i groups=()
  for i in $(seq 1 "$n"); do groups+=("c$n-s$i"); done
  until grep -qE ': (keep|inject|ramp) ' "$log" 2>/dev/null; do kill -0 "$runner" 2>/dev/null || return 0; sleep 0.1; done
  for i in "${groups[@]}"; do hosts_cpu_cap "$i" "$share"; done
  sleep "${warmup%s}"
  local t0 r0 p0 h0 s0=()
  t0=$(date +%s.%N); r0=$(ticks "$runner"); p0=$(pg_ticks); h0=$(throttled_sum "${groups[@]}")
  for i in "${groups[@]}"; do s0+=("$(hosts_group_ticks "${HOSTS_GROUP[$i]}")"); done
  local window=$(( ${duration%s} - 2 ))
  sleep $(( window > 1 ? window : 1 ))
  # On a busy machine the window can outlast the run: then there is no honest CPU figure.
  if ! kill -0 "$runner" 2>/dev/null; then echo overran >"$file"; for i in "${groups[@]}"; do hosts_cpu_cap "$i" 0; done; return 0; fi
  local line="$t0 $(date +%s.%N) $r0 $(ticks "$runner") $p0 $(pg_ticks) $h0 $(throttled_sum "${groups[@]}")"
  for i in "${!groups[@]}"; do line+=" ${s0[$i]} $(hosts_group_ticks "${HOSTS_GROUP[${groups[$i]}]}")"; done
  echo "$line" >"$file"
  for i in "${groups[@]}"; do hosts_cpu_cap "$i" 0; done
}
# The CPU of the PostgreSQL this script started (postmaster and its backends); 0 for one given by PG.
pg_ticks() {
  local total=0 pid main
  main=$(head -n 1 "$started_pg/data/postmaster.pid" 2>/dev/null || true)
  [[ -n $main ]] || { echo 0; return; }
  for pid in "$main" $(pgrep -P "$main" 2>/dev/null); do total=$(( total + $(ticks "$pid") )); done
  echo "$total"
}

runs="$out/runs"
: >"$runs"
run() {
  local n=$1 name=$2 bucket=$3; shift 3
  dotnet "$out/bin/FlashSale.LoadTests.dll" "$@" --target "$targets" --users "$users" --stock 10000000 --pay-share 0 \
    --buckets "$bucket" --concurrency "$concurrency" --duration "$duration" --warmup "$warmup" --plain \
    --report "$out/$name" >"$out/$name.log" 2>&1 &
  local runner=$!
  measure "$n" "$runner" "$out/$name.log" "$out/$name.cpu" &
  local sampler=$!
  wait "$runner" || echo "$name: the runner exited non-zero (see $out/$name.log)" >&2
  wait "$sampler" || true
  echo "$name $n $bucket $out/$name $out/$name.cpu" >>"$runs"
}

for n in $silo_counts; do
  label=$([[ $n == 1 ]] && echo "1-silo" || echo "$n-silos")
  start_cluster "$n"
  run "$n" "$label-$drops-drops" 1 many-drops --drops "$drops"
  run "$n" "$label-hot-1-bucket" 1 hot-drop
  run "$n" "$label-hot-$buckets-buckets" "$buckets" hot-drop
  stop_silos
done

echo
python3 bench/scale-out.py "$runs" "$share" "$drops" "$buckets"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; reports: $out"
