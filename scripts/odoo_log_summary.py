"""Read an Odoo test log and count passed and failed tests.

A run fails on: a failed or erroring test, a skipped test (Odoo skips browser tours
silently when websocket-client or Chromium is missing), any ERROR or CRITICAL log line,
a model without access rules, or a log without Odoo's closing test report.

Prints ``passed failed`` on stdout and one reason per line on stderr.
"""

import re
import sys

LEVEL = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) ")
REPORT = re.compile(
    r"odoo\.tests\.result: (?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) "
    r"of (?P<total>\d+) tests when loading database"
)
SKIPPED = re.compile(r" INFO \S+ \S+: skipped ")
# Odoo only warns when a module's demo data fails, and installs it without demo
DEMO_FAILED = "demo data failed to install"
NO_ACCESS = "have no access rules"


def summarize(lines):
    """Return (passed, failed, reasons) for the lines of one Odoo log."""
    reasons = []
    total = failed = skipped = error_lines = no_access = demo_failed = 0
    report_seen = False
    for line in lines:
        match = REPORT.search(line)
        if match:
            report_seen = True
            total = int(match["total"])
            failed = int(match["failed"]) + int(match["errors"])
            continue
        level = LEVEL.match(line)
        if level and level["level"] in ("ERROR", "CRITICAL"):
            error_lines += 1
            reasons.append(line.rstrip())
        elif SKIPPED.search(line):
            skipped += 1
            reasons.append("skipped test counts as failed: " + line.rstrip())
        elif DEMO_FAILED in line:
            demo_failed += 1
            reasons.append("demo data failed: " + line.rstrip())
        elif NO_ACCESS in line:
            no_access += 1
            reasons.append("model without access rules: " + line.rstrip())
    if not report_seen:
        return (
            0,
            1,
            reasons + ["no test report in the log: Odoo stopped before testing"],
        )
    failed += skipped + no_access + demo_failed
    if error_lines and failed == 0:
        failed = 1  # an ERROR outside any test (install, data loading, ...)
    passed = max(total - failed, 0)
    if total == 0:
        failed = max(failed, 1)
        reasons.append("no test ran")
    return passed, failed, reasons


def main(path):
    with open(path, encoding="utf-8", errors="replace") as log:
        passed, failed, reasons = summarize(log)
    for reason in reasons:
        print(reason, file=sys.stderr)
    print(passed, failed)


if __name__ == "__main__":
    main(sys.argv[1])
