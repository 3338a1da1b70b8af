"""Sum up the Schemathesis JSON reports of scripts/schemathesis.sh, one line per persona and a
total: cases, server errors, undocumented statuses, schema and content-type violations, other
checks' failures, and each failing operation. Exit 1 with SCHEMATHESIS_STRICT=1 when a server
error or a contract violation (status, schema, content type) was found."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

CATEGORIES = {
    "server errors": {"ST101", "ST102"},
    "undocumented statuses": {"ST103"},
    "schema violations": {"ST108", "ST109", "ST110", "ST111"},
    "content-type violations": {"ST104", "ST105", "ST106"},
}
STRICT = ("server errors", "undocumented statuses", "schema violations", "content-type violations")


def category(code: str) -> str:
    for name, codes in CATEGORIES.items():
        if code in codes:
            return name
    return "other checks"


def main(folder: str, *personas: str) -> int:
    names = [*CATEGORIES, "other checks"]
    totals = dict.fromkeys(["cases", *names, "runtime errors"], 0)
    findings: list[str] = []
    for persona in personas:
        path = Path(folder) / f"{persona}.json"
        if not path.exists() or not path.stat().st_size:
            print(f"{persona}: no report ({path})")
            totals["runtime errors"] += 1
            continue
        report = json.loads(path.read_text())
        row = dict.fromkeys(totals, 0)
        row["cases"] = report["test_cases"]["generated"]
        row["runtime errors"] = sum(e.get("count", 1) for e in report.get("errors", []))
        for failure in report.get("failures", []):
            kind = category(failure["code"])
            row[kind] += failure.get("count", 1)
            for operation in failure.get("operations", []):
                findings.append(f"{persona}: {failure['code']} {failure['title']}: {operation}")
        for key in totals:
            totals[key] += row[key]
        print(f"{persona}: " + ", ".join(f"{k} {v}" for k, v in row.items()))
    print("total: " + ", ".join(f"{k} {v}" for k, v in totals.items()))
    for line in findings:
        print(f"  - {line}")
    failed = sum(totals[name] for name in STRICT)
    if os.environ.get("SCHEMATHESIS_STRICT") == "1" and failed:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], *sys.argv[2:]))
