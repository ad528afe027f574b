#!/usr/bin/env bash
# FlashSale's hot drop on PostgreSQL against the classic database seckill on the same PostgreSQL,
# in one session (issue 15's goal: FlashSale >= 10x the classic design):
#   1. pgbench, CLIENTS (32) clients, each transaction one conditional
#      UPDATE seckill SET stock = stock - 1 WHERE id = 1 AND stock > 0   (the hot row)
#   2. pgbench, the same UPDATE plus the order row INSERT in one transaction (what a seckill that
#      keeps its orders in the database does; the per-user limit is left out, in its favour)
#   3. FlashSale: a Release silo in its own process on that PostgreSQL (--storage postgres), the load
#      runner's hot-drop scenario (durable grabs, audit on) at CONCURRENCY (64) in the closed model.
# Each row runs DURATION (10s) after its warm-up. The database runs fsync and synchronous_commit on.
#   bash bench/pg-seckill.sh                        # starts a throwaway PostgreSQL (bench/pg.sh)
#   PG="Host=...;Port=...;Username=...;Database=..." bash bench/pg-seckill.sh
set -euo pipefail
cd "$(dirname "$0")/.."

clients=${CLIENTS:-32}
concurrency=${CONCURRENCY:-64}
duration=${DURATION:-10s}
warmup=${WARMUP:-10s}
out=${OUT:-$(mktemp -d /tmp/flashsale-bench-XXXXXX)}
started_pg=""
silo_pid=""
cleanup() {
  [[ -n "$silo_pid" ]] && kill "$silo_pid" 2>/dev/null && wait "$silo_pid" 2>/dev/null
  [[ -n "$started_pg" ]] && bash bench/pg.sh stop "$started_pg"
  return 0
}
trap cleanup EXIT
if [[ -z "${PG:-}" ]]; then
  PG=$(bash bench/pg.sh 2>"$out/pg.log" | tail -n 1)
  started_pg=$(sed -n 's/^started in \([^ ]*\).*/\1/p' "$out/pg.log")
fi
field() { tr ';' '\n' <<<"$PG" | sed -n "s/^$1=//Ip" | head -n 1; }
pg_host=$(field Host); pg_port=$(field Port); pg_user=$(field Username); pg_db=$(field Database)
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
psql() { "$bin/psql" -X -q -h "$pg_host" -p "$pg_port" -U "$pg_user" -d "$pg_db" -v ON_ERROR_STOP=1 "$@"; }

psql <<'SQL'
SET client_min_messages = warning;
DROP TABLE IF EXISTS seckill, seckill_orders;
CREATE TABLE seckill (id int PRIMARY KEY, stock bigint NOT NULL);
CREATE TABLE seckill_orders (id bigserial PRIMARY KEY, item int NOT NULL, user_id text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX ON seckill_orders (user_id);
INSERT INTO seckill VALUES (1, 1000000000);
SQL
cat >"$out/update.sql" <<'SQL'
UPDATE seckill SET stock = stock - 1 WHERE id = 1 AND stock > 0;
SQL
cat >"$out/update-insert.sql" <<'SQL'
\set user random(1, 100000)
BEGIN;
UPDATE seckill SET stock = stock - 1 WHERE id = 1 AND stock > 0;
INSERT INTO seckill_orders (item, user_id) VALUES (1, 'user-' || :user);
COMMIT;
SQL
pgbench_row() {
  local name=$1 script=$2 tps
  "$bin/pgbench" -n -h "$pg_host" -p "$pg_port" -U "$pg_user" -c "$clients" -j 2 -T "${warmup%s}" -f "$script" "$pg_db" >/dev/null 2>&1
  tps=$("$bin/pgbench" -n -h "$pg_host" -p "$pg_port" -U "$pg_user" -c "$clients" -j 2 -T "${duration%s}" -f "$script" "$pg_db" 2>&1 \
    | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -n 1)
  printf '%-34s %10.0f\n' "$name" "$tps"
  eval "rate_${name//[^a-z]/_}=$tps"
}

echo "row                                     per s"
pgbench_row "pg-conditional-update" "$out/update.sql"
pgbench_row "pg-update-and-order-insert" "$out/update-insert.sql"
psql -c "SELECT 1000000000 - stock AS units_sold_by_pgbench FROM seckill" >"$out/pgbench-sold.txt"

dotnet build -c Release silo -o "$out/silo-bin" -v q -nologo >/dev/null
dotnet build -c Release loadtests -o "$out/bin" -v q -nologo >/dev/null
FLASHSALE_ADMIN_TOKEN=$(python3 -c 'import secrets; print(secrets.token_hex(24))')
export FLASHSALE_ADMIN_TOKEN
# One shoppers' signing key for the silo and the runner (which mints its users' tokens with it).
( umask 077; python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())' >"$out/jwt-signing-key" )
export FLASHSALE_SIGNING_KEY_FILE="$out/jwt-signing-key"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
grpc=$(free_port); http=$(free_port)
dotnet "$out/silo-bin/FlashSale.Silo.dll" --grpc "127.0.0.1:$grpc" --http "127.0.0.1:$http" --data "$out/data" \
  --storage postgres --postgres "$PG" --rate-limit off >"$out/silo.log" 2>&1 &
silo_pid=$!
for _ in $(seq 1 150); do
  curl -sf "http://127.0.0.1:$http/healthz" >/dev/null && break
  kill -0 "$silo_pid" 2>/dev/null || { echo "silo did not start: $out/silo.log" >&2; exit 1; }
  sleep 0.2
done
dotnet "$out/bin/FlashSale.LoadTests.dll" hot-drop --target "http://127.0.0.1:$grpc" --users 100000 --stock 10000000 \
  --pay-share 0 --concurrency "$concurrency" --duration "$duration" --warmup "$warmup" --plain --report "$out/flashsale" \
  >"$out/flashsale.log" 2>&1 || true
grabs=$(python3 -c "import json; s=json.load(open('$out/flashsale/summary.json')); print(next(x for x in s['steps'] if x['name']=='grab')['rps'])")
audit=$(python3 -c "import json; s=json.load(open('$out/flashsale/summary.json')); print('clean' if s['audit']['passed'] else 'VIOLATIONS')")
printf '%-34s %10.0f   audit %s\n' "flashsale-hot-drop-durable" "$grabs" "$audit"
python3 - "$grabs" "$rate_pg_conditional_update" "$rate_pg_update_and_order_insert" <<'PY'
import sys
grabs, update, both = map(float, sys.argv[1:])
print(f"flashsale / conditional update      {grabs / update:6.2f}x")
print(f"flashsale / update + order insert   {grabs / both:6.2f}x")
PY
echo "reports: $out"
