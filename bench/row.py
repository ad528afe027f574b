"""Prints one benchmark table row from a load-runner summary.json: the grab (or health) step's
req/s, p50, p99 and p99.9, the run's errors and its audit verdict; with a CPU sample file (written
by bench/silo-process.sh: silo and runner CPU ticks and the time, at the start and the end of the
measured window) also the CPU microseconds per request each process spent.
usage: python3 bench/row.py <summary.json> <row name> [<cpu sample file>]"""
import json
import os
import sys

summary = json.load(open(sys.argv[1]))
step = next((s for s in summary["steps"] if s["name"] in ("grab", "health")), summary)
audit = "n/a" if "audit" not in summary else ("clean" if summary["audit"]["passed"] else "VIOLATIONS")
cpu = ""
if len(sys.argv) > 3 and os.path.exists(sys.argv[3]) and step["rps"] > 0:
    s0, r0, t0, s1, r1, t1 = map(float, open(sys.argv[3]).read().split())
    per_second = os.sysconf("SC_CLK_TCK") * (t1 - t0)  # ticks in the window, per core
    silo, runner = (s1 - s0) / per_second, (r1 - r0) / per_second
    cpu = f' {silo * 1e6 / step["rps"]:>12.1f} {runner * 1e6 / step["rps"]:>13.1f}'
print(f'{sys.argv[2]:<24} {step["rps"]:>9.0f} {step["p50_ms"]:>8.2f} {step["p99_ms"]:>8.2f} '
      f'{step["p999_ms"]:>8.2f} {summary["errors_total"]:>7} {audit:<6}{cpu}')
