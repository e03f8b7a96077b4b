"""The test command's reading of Odoo's log: what makes a run fail."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "odoo_log_summary.py"
spec = importlib.util.spec_from_file_location("odoo_log_summary", SCRIPT)
odoo_log_summary = importlib.util.module_from_spec(spec)
spec.loader.exec_module(odoo_log_summary)
summarize = odoo_log_summary.summarize

PREFIX = "2026-11-28 10:00:00,000 4242"
REPORT = f"{PREFIX} INFO db odoo.tests.result: 0 failed, 0 error(s) of 12 tests when loading database 'db'"  # noqa: E501


def test_clean_run_counts_tests():
    assert summarize([f"{PREFIX} INFO db odoo.modules.loading: done", REPORT])[:2] == (
        12,
        0,
    )


def test_failed_and_errored_tests_fail():
    report = REPORT.replace("0 failed, 0 error(s)", "2 failed, 1 error(s)")
    passed, failed, _reasons = summarize([report])
    assert (passed, failed) == (9, 3)


def test_error_line_outside_tests_fails():
    lines = [f"{PREFIX} ERROR db odoo.modules.loading: data file broken", REPORT]
    passed, failed, reasons = summarize(lines)
    assert failed == 1 and "data file broken" in reasons[0]


def test_skipped_tour_counts_as_failure():
    lines = [
        f"{PREFIX} INFO db odoo.addons.x.tests.test_ui: skipped TestUi.test_tour : "
        "websocket-client module is not installed",
        REPORT,
    ]
    passed, failed, _reasons = summarize(lines)
    assert (passed, failed) == (11, 1)


def test_model_without_access_rules_fails():
    lines = [
        f"{PREFIX} WARNING db odoo.modules.loading: The models ['pqr.x'] have no "
        "access rules in module pqr, consider adding some, like:",
        REPORT,
    ]
    assert summarize(lines)[1] == 1


def test_missing_report_fails():
    passed, failed, reasons = summarize([f"{PREFIX} CRITICAL db odoo: boom"])
    assert (passed, failed) == (0, 1)
    assert "no test report" in reasons[-1]


def test_no_test_ran_fails():
    report = REPORT.replace("of 12 tests", "of 0 tests")
    assert summarize([report])[1] == 1


def test_demo_data_failure_fails():
    """Odoo installs a module without its demo data on a demo error, with only a
    WARNING: the tests would then run on no demo at all."""
    lines = [
        f"{PREFIX} WARNING db odoo.modules.loading: Module pqr_servicios_publicos "
        "demo data failed to install, installed without demo data",
        REPORT,
    ]
    passed, failed, reasons = summarize(lines)
    assert (passed, failed) == (11, 1)
    assert "demo data failed" in reasons[0]
