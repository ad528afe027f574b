#!/usr/bin/env bash
# Runs every test. Installs what is missing first (as root, with apt-get): the independent gRPC
# implementation used by the interop tests, PostgreSQL and Redis. Tests start their own throwaway
# servers on free loopback ports and stop them afterwards.
# Ends with one line: "N passed, N failed[, N skipped]"; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

need_apt=()
/usr/bin/python3 -c "import grpc" >/dev/null 2>&1 || need_apt+=(python3-grpcio)
command -v h2load >/dev/null 2>&1 || need_apt+=(nghttp2-client)
# throwaway PostgreSQL and Redis servers are started by the tests themselves (initdb/pg_ctl, redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
# the dashboard's browser test drives Debian's headless chromium through its chromedriver
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
if ((${#need_apt[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing: ${need_apt[*]}"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null \
      || echo "warning: apt-get install failed; the tests that need ${need_apt[*]} will fail"
  else
    echo "warning: missing ${need_apt[*]} and not root: install them with apt-get"
  fi
fi

results=TestResults
rm -rf "$results"
dotnet build FlashSale.sln -c Release -nologo -v q -clp:NoSummary || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
dotnet test FlashSale.sln -c Release --no-build -nologo \
  --blame-hang-timeout 10m --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  p=$(get passed); f=$(get failed); t=$(get total); e=$(get executed); er=$(get error); to=$(get timeout); ab=$(get aborted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${er:-0} + ${to:-0} + ${ab:-0}))
  skipped=$((skipped + ${t:-0} - ${e:-0}))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # the runner failed without a failing test in the reports (a crashed test host): count it
  echo "dotnet test exited with $status without a failed test in the reports"
  failed=1
fi
# the failed tests' names again, just above the count, so the tail of a long log names them
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  /usr/bin/python3 - "$trx" <<'PY' || true
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for result in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns):
    if result.get("outcome") not in ("Passed", "NotExecuted"):
        message = result.find(".//t:Message", ns)
        lines = (message.text or "").strip().splitlines() if message is not None else []
        print("FAILED", result.get("testName"), "--", lines[0][:300] if lines else "")
        # the rest of the message (an Assert.All names the item that failed) and the test's own
        # output's last lines, so a failure seen only in CI can be diagnosed from its log
        for extra in lines[1:25]:
            print("   |", extra[:300])
        stdout = result.find(".//t:StdOut", ns)
        for extra in ((stdout.text or "").strip().splitlines() if stdout is not None else [])[-40:]:
            print("   >", extra[:300])
PY
done
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$files" -gt 0 ]
