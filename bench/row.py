"""Prints one benchmark table row from a load-runner summary.json: the grab (or health) step's
req/s, p50, p99 and p99.9, the run's errors and its audit verdict.
usage: python3 bench/row.py <summary.json> <row name>"""
import json
import sys

summary = json.load(open(sys.argv[1]))
step = next((s for s in summary["steps"] if s["name"] in ("grab", "health")), summary)
audit = "n/a" if "audit" not in summary else ("clean" if summary["audit"]["passed"] else "VIOLATIONS")
print(f'{sys.argv[2]:<24} {step["rps"]:>9.0f} {step["p50_ms"]:>8.2f} {step["p99_ms"]:>8.2f} '
      f'{step["p999_ms"]:>8.2f} {summary["errors_total"]:>7} {audit}')
