#!/usr/bin/env bash
# One benchmark session (same machine, same minutes, so the ratios hold on a noisy box):
# baseline rps vs hot-drop durable grabs/s at the same concurrency, on SQLite and PostgreSQL, group
# commit on and off, then p99 of grabs at about half of the measured maximum (open model).
#   bash bench/hot-drop.sh                      # starts a throwaway PostgreSQL (bench/pg.sh) for the PG rows
#   PG="Host=...;Database=..." bash bench/hot-drop.sh
# Env: CONCURRENCY (64), DURATION (10s), WARMUP (10s: JIT tiering and first activations settle
# before measuring), USERS (100000: enough shoppers that the silo's per-user rate limit of 20/s
# never binds), PAY_SHARE (0 = grabs only), OUT (report root).
set -euo pipefail
cd "$(dirname "$0")/.."

concurrency=${CONCURRENCY:-64}
duration=${DURATION:-10s}
warmup=${WARMUP:-10s}
users=${USERS:-100000}
pay_share=${PAY_SHARE:-0}
out=${OUT:-$(mktemp -d /tmp/flashsale-bench-XXXXXX)}
started_pg=""
if [[ -z "${PG:-}" ]]; then
  PG=$(bash bench/pg.sh 2>"$out/pg.log" | tail -n 1)
  started_pg=$(sed -n 's/^started in \([^ ]*\).*/\1/p' "$out/pg.log")
fi
trap '[[ -n "$started_pg" ]] && bash bench/pg.sh stop "$started_pg"' EXIT

dotnet build -c Release loadtests -o "$out/bin" -v q -nologo >/dev/null
run() {
  local name=$1; shift
  dotnet "$out/bin/FlashSale.LoadTests.dll" "$@" --embedded --users "$users" --stock 10000000 --warmup "$warmup" --plain --report "$out/$name" >"$out/$name.log" 2>&1 || true
  python3 bench/row.py "$out/$name/summary.json" "$name"
}
rate() { python3 -c "import json,sys; s=json.load(open('$out/$1/summary.json')); print(max(1,int(next(x for x in s['steps'] if x['name'] in ('grab','health'))['rps']/2)))"; }

closed=(--concurrency "$concurrency" --duration "$duration")
echo "run                        req/s   p50 ms   p99 ms p99.9 ms  errors audit"
run baseline                baseline "${closed[@]}"
run sqlite-gc-on            hot-drop "${closed[@]}" --pay-share "$pay_share"
run sqlite-gc-off           hot-drop "${closed[@]}" --pay-share "$pay_share" --group-commit off
run postgres-gc-on          hot-drop "${closed[@]}" --pay-share "$pay_share" --storage postgres --postgres "$PG"
run postgres-gc-off         hot-drop "${closed[@]}" --pay-share "$pay_share" --storage postgres --postgres "$PG" --group-commit off
run sqlite-pay-half         hot-drop "${closed[@]}" --pay-share 0.5
run postgres-pay-half       hot-drop "${closed[@]}" --pay-share 0.5 --storage postgres --postgres "$PG"
run baseline-again          baseline "${closed[@]}"
run baseline-half           baseline --load "inject:$(rate baseline):$duration"
run sqlite-half             hot-drop --pay-share "$pay_share" --load "inject:$(rate sqlite-gc-on):$duration"
run postgres-half           hot-drop --pay-share "$pay_share" --storage postgres --postgres "$PG" --load "inject:$(rate postgres-gc-on):$duration"
echo "reports: $out"
