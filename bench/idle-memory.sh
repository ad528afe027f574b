#!/usr/bin/env bash
# Memory per idle activation: start a Release silo (SQLite, rate limits off), note its RSS, call
# Shop/GetMyWallet once for each of USERS distinct users (h2grab from ../shared/bench, users taken
# in sequence, so every user is reached), let the silo idle, note its RSS again. Each user costs
# two activations: the shopper grain that serves GetMyWallet and the wallet grain behind it.
#   bash bench/idle-memory.sh [PROJECT_DIR]      (default: this repository)
# Env: USERS (100000), IDLE (15, seconds to wait before the second reading), TOOLS (as sidebyside.sh)
set -u
B=$(cd "$(dirname "$0")" && pwd)/../../shared/bench
[ -d "$B/h2grab" ] || B=$(cd "$(dirname "$0")/.." && pwd)/../shared/bench
P=$(cd "${1:-$(dirname "$0")/..}" && pwd); T=$(mktemp -d)
USERS=${USERS:-100000}; IDLE=${IDLE:-15}; TOOLS=${TOOLS:-/tmp/flashsale-bench-tools}
if [ ! -d "$TOOLS/h2grab/bin/Release" ]; then
  mkdir -p "$TOOLS/h2grab" && cp "$B/h2grab"/*.cs "$B/h2grab"/*.csproj "$TOOLS/h2grab/" && dotnet build -c Release "$TOOLS/h2grab" -nologo -v q >/dev/null || { echo "building h2grab failed"; exit 1; }
fi
dotnet build -c Release "$P/silo" -o "$T/silo" -nologo -v q >/dev/null || { echo "silo build failed"; exit 1; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
# --shopper-auth off: h2grab acts as a hundred thousand users with no token each (the activations, not
# the token check, are measured)
dotnet "$T/silo/FlashSale.Silo.dll" --grpc 127.0.0.1:5087 --http 127.0.0.1:5088 --data "$T/data" --rate-limit off --shopper-auth off > "$T/silo.log" 2>&1 & SP=$!
for i in $(seq 1 100); do curl -sf http://127.0.0.1:5088/healthz >/dev/null && break; sleep 0.2; done
G="dotnet $TOOLS/h2grab/bin/Release/net10.0/H2Grab.dll"
# warm the code paths with a few users outside the measured range, then settle
$G http://127.0.0.1:5087 /flashsale.v1.Shop/GetMyWallet --field-user 1 --field-drop 9 --drop warm --users 1000 --conns 4 --streams 4 --seconds 3 >/dev/null
sleep "$IDLE"; before=$(rss $SP)
# enough seconds for every user at least once: h2grab walks the users in order
$G http://127.0.0.1:5087 /flashsale.v1.Shop/GetMyWallet --field-user 1 --field-drop 9 --drop "" --users "$USERS" --conns 16 --streams 4 --seconds "${SECONDS_RUN:-40}" > "$T/run.json"
sleep "$IDLE"; after=$(rss $SP)
kill $SP; wait $SP 2>/dev/null
python3 - "$before" "$after" "$USERS" "$T/run.json" <<'PY'
import json, sys
before, after, users = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
run = json.load(open(sys.argv[4]))
covered = min(users, run.get("calls", 0))
print(f"calls {run.get('calls')} ok {run.get('ok', '?')} users reached {covered}")
print(f"RSS before {before/1024:.1f} MiB, after {after/1024:.1f} MiB: {(after-before)*1024/max(covered,1):.0f} bytes per user "
      f"(shopper + wallet), {(after-before)*1024/max(covered,1)/2:.0f} bytes per activation")
PY
rm -rf "$T"
