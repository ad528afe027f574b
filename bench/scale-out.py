"""Prints bench/scale-out.sh's table and ratios from its runs file (one line per run:
name silos buckets report-dir cpu-file). usage: python3 bench/scale-out.py <runs file> <share> <drops> <buckets>"""
import json
import os
import sys

tick = os.sysconf("SC_CLK_TCK")
rows = {}
failed = set()
print(f'{"run":<26} {"grabs/s":>9} {"p99 ms":>8} {"errors":>7} {"audit":<7} {"silo cores (each)":<24} {"runner cores":>12} {"pg cores":>8} {"throttled":>9}')
for line in open(sys.argv[1]):
    name, silos, buckets, report, cpu = line.split()
    try:
        summary = json.load(open(os.path.join(report, "summary.json")))
    except (OSError, ValueError):
        print(f"{name:<26} no summary (see {report}.log)")
        continue
    grab = next(s for s in summary["steps"] if s["name"] == "grab")
    audit = "clean" if summary.get("audit", {}).get("passed") else "FAILED"
    cores = ""
    if os.path.exists(cpu) and open(cpu).read().strip() == "overran":
        cores = "CPU window outlasted the run (busy machine): no CPU figures"
    elif os.path.exists(cpu):
        # cpu file: t0 t1 runner0 runner1 pg0 pg1 throttled0 throttled1 then silo0 silo1 pairs.
        v = list(map(float, open(cpu).read().split()))
        span = (v[1] - v[0]) * tick
        runner, pg, throttled = (v[3] - v[2]) / span, (v[5] - v[4]) / span, int(v[7] - v[6])
        silo = [(v[i + 1] - v[i]) / span for i in range(8, len(v), 2)]
        cores = f'{" ".join(f"{c:.2f}" for c in silo):<24} {runner:>12.2f} {pg:>8.2f} {throttled:>9}'
    rows[name] = grab["rps"]
    if audit != "clean":
        failed.add(name)
    print(f'{name:<26} {grab["rps"]:>9.0f} {grab["p99_ms"]:>8.1f} {summary["errors_total"]:>7} {audit:<7} {cores}')

def ratio(label, a, b):
    if a in rows and b in rows and rows[b] > 0:
        note = "  (a run's audit FAILED: not a valid figure)" if a in failed or b in failed else ""
        print(f"{label:<52} {rows[a] / rows[b]:5.2f}x  (goal >= 2.4x){note}")

print()
print(f"each silo capped at {sys.argv[2]} core (cgroup v1, cfs period 10 ms, DOTNET_ProcessorCount=1); runner and PostgreSQL uncapped")
drops, buckets = sys.argv[3], sys.argv[4]
ratio(f"(a) {drops} drops: 3 silos / 1 silo", f"3-silos-{drops}-drops", f"1-silo-{drops}-drops")
ratio("(b) hot drop, 1 bucket: 3 silos / 1 silo", "3-silos-hot-1-bucket", "1-silo-hot-1-bucket")
ratio(f"(b) hot drop, {buckets} buckets: 3 silos / 1 silo", f"3-silos-hot-{buckets}-buckets", f"1-silo-hot-{buckets}-buckets")
ratio(f"(b) hot drop: 3 silos {buckets} buckets / 1 silo 1 bucket", f"3-silos-hot-{buckets}-buckets", "1-silo-hot-1-bucket")
